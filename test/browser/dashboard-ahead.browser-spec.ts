/// <reference lib="dom" />
import { jest } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { launchChromium } from '../support/browser.js';
import { OWNER_PASSWORD, OWNER_USER, staffLogin } from '../support/dashboard.js';
import { fetchMenu, menuItem, type MenuRow, orderBody } from '../support/orders.js';
import { createTestApp, TestApp } from '../support/test-app.js';
import { ORDINARY_NOON, TestClock } from '../support/test-clock.js';

jest.setTimeout(120_000);

const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');
const MINUTE = 60_000;
const NOON = Date.parse(ORDINARY_NOON); // 12:00 in Los Angeles (PDT, -07:00)
const la = (hhmm: string) => `2026-03-10T${hhmm}:00-07:00`;
/** A time as the board writes it (Intl, en-US, the restaurant's zone), with plain spaces. */
const shown = (iso: string | Date) =>
  plain(new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', timeZone: 'America/Los_Angeles' }).format(new Date(iso)));
/** Text with every kind of space (the board keeps a time on one line with no-break spaces) as a plain one. */
const plain = (text: string | null) => (text ?? '').replace(/\s/g, ' ');

/**
 * The board on the restaurant's clock, in Chromium: the server reads a TestClock and the page a Playwright clock,
 * both at 12:00 in Los Angeles and moved forward together, so pre-orders start, promises fall due and pauses end
 * without waiting. Cards run oldest promise first, each with its countdown; pre-orders wait in Later and move to
 * New by themselves; the header pauses orders (refused by the API at once) and adds busy minutes, and follows a
 * change made elsewhere.
 */
describe('Order-ahead on the dashboard (Chromium)', () => {
  const clock = new TestClock(NOON, { stepMs: 1 });
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let menu: MenuRow[];
  const o: Record<string, { id: string; orderNumber: string; promisedAt: string | null; prepStartAt: string | null }> = {};
  const boardReads: string[] = [];

  const card = (id: string) => page.locator(`.card[data-order-id="${id}"]`);
  const lane = (name: string) => page.locator(`[data-status-group="${name}"] .card`);
  const idsIn = (name: string) => lane(name).evaluateAll((cards) => cards.map((c) => c.getAttribute('data-order-id')));
  const due = (id: string) => card(id).locator('.due');
  /** Waits until the element's text (spaces made plain) holds `text`. */
  const waitForText = (selector: string, text: string) =>
    page.waitForFunction(
      ([sel, want]) => (document.querySelector(sel)?.textContent ?? '').replace(/\s/g, ' ').includes(want),
      [selector, text],
    );
  const dish = (name: string, quantity: number) => ({ menuItemId: menuItem(menu, name).id, quantity });
  const place = async (at: string, items: ReturnType<typeof dish>[], extra: Record<string, unknown> = {}) => {
    clock.set(at);
    const res = await request(t.url)
      .post('/api/orders')
      .send({ ...orderBody(menu, { items }), ...extra })
      .expect(201);
    return res.body;
  };
  /** Both clocks move on together: the page's fires its timers (countdowns, Later's starts, a pause's end). */
  const advance = async (ms: number) => {
    clock.advance(ms);
    await page.clock.fastForward(ms);
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    t = await createTestApp({ clock });
    menu = await fetchMenu(t.url);
    // Promises: 15 min plus 2 a portion (the defaults). Placed earlier this morning: one long late, one due soon,
    // and one from before promised times (no promise at all).
    o.late = await place(la('11:10'), [dish('Margherita Pizza', 1)]); // promised 11:27
    o.unpromised = await place(la('11:50'), [dish('Tiramisu', 1)]);
    await t.dataSource.query('UPDATE orders SET promised_at = NULL, prep_start_at = NULL WHERE id = $1', [o.unpromised.id]);
    o.soon = await place(la('11:45'), [dish('Caesar Salad', 1)]); // promised 12:02
    o.now = await place(la('12:00'), [dish('Lasagna Bolognese', 3)]); // promised 12:21
    // Pre-orders for this afternoon: the kitchen starts each its preparation before the time asked for.
    o.at1245 = await place(la('12:00'), [dish('Funghi Pizza', 1)], { requestedTime: la('12:45') }); // starts 12:28
    o.at1300 = await place(la('12:00'), [dish('Pepperoni Pizza', 2)], { requestedTime: la('13:00') }); // starts 12:41
    clock.set(NOON);
    expect(Date.parse(o.at1245.prepStartAt!)).toBe(Date.parse(la('12:28')));

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'Europe/Berlin' });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/dashboard/api/orders') boardReads.push(r.url());
    });
    // The page's clock stands still at noon until the test moves it (its timers fire then).
    await page.clock.install({ time: NOON });
    await page.clock.pauseAt(NOON + 1000);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('holds pre-orders in Later and runs every lane oldest promise first', async () => {
    await page.goto(`${t.url}/dashboard`);
    await page.fill('input[name="username"]', OWNER_USER);
    await page.fill('input[name="password"]', OWNER_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForSelector('body[data-ready="true"]');

    // Later is the first lane, before New.
    const lanes = await page.locator('[data-status-group]').evaluateAll((cols) => cols.map((c) => c.getAttribute('data-status-group')));
    expect(lanes.slice(0, 2)).toEqual(['later', 'received']);
    expect(await idsIn('later')).toEqual([o.at1245.id, o.at1300.id]);
    expect(await idsIn('received')).toEqual([o.late.id, o.unpromised.id, o.soon.id, o.now.id]);

    // A pre-order says when the kitchen starts it and what for, in restaurant time (the tablet is set to Berlin).
    expect(plain(await due(o.at1245.id).textContent())).toBe(`starts ${shown(la('12:28'))} · for ${shown(la('12:45'))}`);
    expect(await card(o.at1300.id).textContent()).toContain('Pre-order');
    expect(await card(o.at1300.id).locator('.due-at').textContent()).toBe(shown(la('13:00')).replace(' ', ''));
    // An order from before promised times still shows, with how long it has waited.
    expect(await card(o.unpromised.id).locator('.age').textContent()).toBe('10 min');
    await expect(page.locator('#ordering-status').textContent()).resolves.toBe('Taking orders');
  });

  it('counts each promise down, marks a late one in words and colour, and ticks without asking the server', async () => {
    expect(await due(o.now.id).textContent()).toBe('in 21 min');
    expect(await due(o.soon.id).textContent()).toBe('in 2 min');
    expect(await due(o.soon.id).getAttribute('class')).toContain('due-soon');
    expect(await due(o.late.id).textContent()).toBe('33 min late');
    expect(await card(o.late.id).getAttribute('class')).toContain('late');
    expect(await card(o.now.id).getAttribute('class')).not.toContain('late');
    await expect(page.locator('#col-received .late-count').textContent()).resolves.toBe('1 late');
    // Late is not told by colour alone: the card says it in words, after a warning sign.
    expect(await card(o.late.id).innerText()).toContain('33 min late');
    expect(await due(o.late.id).evaluate((n) => getComputedStyle(n, '::before').content)).toBe('"⚠ "');
    await page.screenshot({ path: join(SCREENSHOTS, 'ahead-board-1200.png') });

    const reads = boardReads.length;
    await advance(3 * MINUTE); // 12:03
    await page.waitForFunction((id) => document.querySelector(`[data-due-order-id="${id}"]`)?.textContent === 'in 18 min', o.now.id);
    expect(await due(o.soon.id).textContent()).toBe('1 min late');
    expect(await card(o.soon.id).getAttribute('class')).toContain('late');
    await expect(page.locator('#col-received .late-count').textContent()).resolves.toBe('2 late');
    expect(boardReads.length).toBe(reads);
  });

  it('moves a pre-order from Later to New by itself when its kitchen start comes, without a reload', async () => {
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    const reads = boardReads.length;
    await advance(23 * MINUTE + 30_000); // 12:26:30: it starts at 12:28
    await page.clock.runFor(1000);
    expect(await idsIn('later')).toEqual([o.at1245.id, o.at1300.id]);
    await advance(2 * MINUTE); // 12:28:30
    await page.locator(`[data-status-group="received"] .card[data-order-id="${o.at1245.id}"]`).waitFor();
    expect(await idsIn('later')).toEqual([o.at1300.id]);
    expect(await idsIn('received')).toEqual([o.late.id, o.unpromised.id, o.soon.id, o.now.id, o.at1245.id]);
    // It arrives like a new order; its countdown now runs to the time asked for.
    expect(await card(o.at1245.id).getAttribute('class')).toContain('fresh');
    expect(await due(o.at1245.id).textContent()).toBe('in 17 min');
    expect(boardReads.length).toBe(reads);
    expect(navigations).toEqual([]);
    // 12:21 has passed too, and the order from before promises has waited past 20 minutes: the lane head counts 4.
    await expect(page.locator('#col-received .late-count').textContent()).resolves.toBe('4 late');
    expect(await card(o.unpromised.id).innerText()).toContain('38 min');
    await page.screenshot({ path: join(SCREENSHOTS, 'ahead-later-moved-1200.png') });

    await card(o.at1300.id).locator('.num').click();
    const detail = page.locator('#detail');
    await detail.getByText('Kitchen starts').waitFor();
    const text = plain(await detail.textContent());
    expect(text).toContain(`the customer asked for ${shown(la('13:00'))}`);
    expect(text).toContain(shown(la('12:41')));
    await page.keyboard.press('Escape');
  });

  it('pauses new orders from the header: the API refuses them until staff resume', async () => {
    await page.click('#pause-menu summary');
    await page.locator('#pause-menu button[data-pause="15"]').click();
    const until = shown(new Date(clock.nowMs() + 15 * MINUTE).toISOString());
    await waitForText('#ordering-status', `PAUSED until ${until}`);
    expect(await page.locator('#resume-orders').isVisible()).toBe(true);
    expect(await page.locator('#pause-menu').isVisible()).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, 'ahead-paused-1200.png') });

    const refused = await request(t.url).post('/api/orders').send(orderBody(menu)).expect(422);
    expect(refused.body.code).toBe('ORDERING_PAUSED');
    expect(shown(refused.body.resumesAt)).toBe(until);

    await page.click('#resume-orders');
    await page.locator('#ordering-status', { hasText: 'Taking orders' }).waitFor();
    const accepted = await request(t.url).post('/api/orders').send(orderBody(menu)).expect(201);
    await card(accepted.body.id).waitFor({ timeout: 30_000 });
  });

  it('follows a pause set elsewhere (the live stream), and shows orders taken again once the pause runs out', async () => {
    const other = await staffLogin(t.url, '10.8.0.1');
    const put = (body: object) =>
      request(t.url).put('/dashboard/api/ordering').set('Cookie', other.cookie).set('X-CSRF-Token', other.csrf).send(body).expect(200);

    await put({ paused: true, resumesAt: null });
    await page.locator('#ordering-status', { hasText: 'PAUSED until you resume' }).waitFor({ timeout: 30_000 });
    await put({ paused: true, resumesAt: new Date(clock.nowMs() + 10 * MINUTE).toISOString() });
    await waitForText('#ordering-status', `PAUSED until ${shown(new Date(clock.nowMs() + 10 * MINUTE))}`);
    await request(t.url).post('/api/orders').send(orderBody(menu)).expect(422);

    await advance(10 * MINUTE + 30_000);
    await page.locator('#ordering-status', { hasText: 'Taking orders' }).waitFor();
    await request(t.url).post('/api/orders').send(orderBody(menu)).expect(201);
  });

  it('adds busy minutes from the header and clears them', async () => {
    await page.click('#busy-menu summary');
    await page.locator('#busy-menu button[data-busy="20"]').click();
    await page.locator('#busy-status', { hasText: 'Busy +20 min' }).waitFor();
    const other = await staffLogin(t.url, '10.8.0.2');
    const state = await request(t.url).get('/dashboard/api/ordering').set('Cookie', other.cookie).expect(200);
    expect(state.body).toMatchObject({ busyMinutes: 20, updatedBy: 'dashboard:owner' });
    await page.screenshot({ path: join(SCREENSHOTS, 'ahead-busy-1200.png') });

    await page.click('#busy-menu summary');
    await page.locator('#busy-menu button[aria-pressed="true"]', { hasText: '+20 min' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'ahead-busy-menu-1200.png') });
    await page.locator('#busy-clear').click();
    await page.locator('#busy-status').waitFor({ state: 'hidden' });
    expect((await request(t.url).get('/dashboard/api/ordering').set('Cookie', other.cookie).expect(200)).body.busyMinutes).toBe(0);
  });

  it('fits a 768 px kitchen tablet, paused', async () => {
    await page.click('#pause-menu summary');
    await page.locator('#pause-menu button[data-pause="0"]').click();
    await page.locator('#ordering-status', { hasText: 'PAUSED until you resume' }).waitFor();
    await page.setViewportSize({ width: 768, height: 1024 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'ahead-board-768x1024.png') });
    // Scrolled down, the per-lane jump bar sticks under the header, which the red strip has made taller.
    await page.evaluate(() => window.scrollTo(0, 900));
    const header = (await page.locator('header.top').boundingBox())!;
    const summary = (await page.locator('#summary').boundingBox())!;
    expect(summary.y).toBeGreaterThanOrEqual(header.y + header.height - 1);
    expect(summary.y).toBeLessThan(header.y + header.height + 20);
    await page.screenshot({ path: join(SCREENSHOTS, 'ahead-board-768x1024-scrolled.png') });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.click('#resume-orders');
    await page.locator('#ordering-status', { hasText: 'Taking orders' }).waitFor();
  });
});
