/// <reference lib="dom" />
import { jest } from '@jest/globals';
/// <reference lib="dom" />
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import request from 'supertest';
import { DashboardStreams } from '@/dashboard/dashboard-streams.service.js';
import { ExportScheduler } from '@/export/export-scheduler.js';
import { OrdersService } from '@/orders/orders.service.js';
import { OWNER_PASSWORD, OWNER_USER, placeOrder } from '../support/dashboard.js';
import { dropRedisPrefix, redisTestUrl } from '../support/databases.js';
import { waitFor } from '../support/export-helpers.js';
import type { ApiSchema } from '../support/api.js';
import { statusHistory } from '../support/orders.js';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/test-app.js';
import { postVapi, vapiFixture, VAPI_TEST_SECRET } from '../support/vapi.js';

jest.setTimeout(120_000);

const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

describe('Dashboard in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const seeded: Record<string, { id: string; orderNumber: string; businessDate: string }> = {};
  // The real providers behind the dashboard: the BullMQ export queue on Redis, whose writes fail for real until
  // the test removes the fault (a file stands where the export folder should be), and the calls the Vapi
  // webhook stored.
  const prefix = `ros-test-${randomBytes(4).toString('hex')}`;
  const blockedRoot = mkdtempSync(join(tmpdir(), 'ros-blocked-'));
  const blocker = join(blockedRoot, 'not-a-folder');
  const exportDir = join(blocker, 'exports');

  const admin = (method: 'get' | 'patch', path: string) => request(t.url)[method](path).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
  const statusOf = async (id: string) => (await request(t.url).get(`/api/orders/${id}`).expect(200)).body.status as string;
  const card = (id: string) => page.locator(`.card[data-order-id="${id}"]`);

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(blocker, 'a file where the export folder should be');
    t = await createTestApp({
      env: {
        REDIS_URL: redisTestUrl(),
        REDIS_PREFIX: prefix,
        RUN_WORKER: 'true',
        EXPORT_DIR: exportDir,
        // The reconciler's timer stays out of the way: failed jobs stay failed until staff retry them.
        EXPORT_RECONCILE_SECONDS: '3600',
        VAPI_SECRET: VAPI_TEST_SECRET,
      },
    });
    const menu = (await request(t.url).get('/api/menu').expect(200)).body as Array<{ id: string; name: string }>;
    const dish = (name: string) => menu.find((m) => m.name === name)!.id;

    seeded.pickup = await placeOrder(t.url, {
      customerName: 'Maria Rossi',
      items: [
        { menuItemId: dish('Margherita Pizza'), quantity: 2, notes: 'one without basil' },
        { menuItemId: dish('Tiramisu'), quantity: 1 },
      ],
    });
    seeded.delivery = await placeOrder(t.url, {
      customerName: 'Grace Hopper',
      channel: 'mobile',
      fulfillment: 'delivery',
      deliveryAddress: '221 Pine St, Seattle, WA 98101',
      paymentMethod: 'card',
      notes: 'Ring the bell twice',
      items: [
        { menuItemId: dish('Pepperoni Pizza'), quantity: 1, notes: 'well done' },
        { menuItemId: dish('Caesar Salad'), quantity: 1 },
        { menuItemId: dish('Coca-Cola'), quantity: 2 },
      ],
    });
    const orders = t.app.get(OrdersService);
    const voice = await orders.create(
      {
        customerName: 'Tom Baker',
        customerPhone: '+12065550177',
        fulfillment: 'pickup',
        paymentMethod: 'cash',
        items: [
          { menuItemId: dish('Lasagna Bolognese'), quantity: 1 },
          { menuItemId: dish('Garlic Knots'), quantity: 2 },
        ],
      },
      { channel: 'voice', voiceCallId: 'call-123' },
    );
    seeded.voice = voice.body;
    // The call behind it, stored the way Vapi reports it: its end-of-call report through the webhook.
    const report = vapiFixture<{
      message: {
        call: { id: string; customer: { number: string } };
        customer: { number: string };
        artifact: { transcript: string; recordingUrl: string };
        analysis: { summary: string };
      };
    }>('end-of-call-report');
    report.message.call.id = 'call-123';
    report.message.call.customer = { number: '+12065550177' };
    report.message.customer = { number: '+12065550177' };
    report.message.analysis.summary =
      'Caller ordered two Margherita pizzas for pickup, one with extra basil, and will pay cash at the counter.';
    report.message.artifact.transcript =
      'AI: Thanks for calling Test Trattoria, what can I get you?\nUser: Two Margherita pizzas for pickup, one with extra basil.';
    report.message.artifact.recordingUrl = 'https://storage.example/recordings/call-123.wav';
    await postVapi(t.url, report).expect(200);
    seeded.cooking = await placeOrder(t.url, {
      customerName: 'Alan Turing',
      items: [{ menuItemId: dish('Spaghetti Carbonara'), quantity: 3 }],
    });
    seeded.ready = await placeOrder(t.url, {
      customerName: 'Linus T.',
      channel: 'mobile',
      items: [{ menuItemId: dish('Funghi Pizza'), quantity: 1 }],
    });
    for (const [key, steps] of [
      ['cooking', ['confirmed', 'preparing']],
      ['ready', ['confirmed', 'preparing', 'ready']],
    ] as const) {
      for (const status of steps) await admin('patch', `/api/orders/${seeded[key].id}/status`).send({ status }).expect(200);
    }

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await dropRedisPrefix(prefix);
    rmSync(blockedRoot, { recursive: true, force: true });
  });

  it('refuses a wrong password and shows why', async () => {
    await page.goto(`${t.url}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/login');
    await page.fill('input[name="username"]', OWNER_USER);
    await page.fill('input[name="password"]', 'not-the-password');
    await page.click('button[type="submit"]');
    await page.getByText('Wrong user name or password').waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboard/login');
    await page.screenshot({ path: join(SCREENSHOTS, 'login-refused.png') });
    expect(await page.locator('[data-order-id]').count()).toBe(0);
  });

  it('signs in and shows the existing orders grouped by status, the next promise first', async () => {
    await page.fill('input[name="username"]', OWNER_USER);
    await page.fill('input[name="password"]', OWNER_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForSelector('body[data-ready="true"]');
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await page.locator('#live', { hasText: 'Live' }).waitFor();

    // The pickup and the phone order take as long to make (three portions each), the pickup was placed first, and
    // the delivery has its travel on top: that is the order they are due in.
    const received = page.locator('[data-status-group="received"] .card');
    expect(await received.evaluateAll((cards) => cards.map((c) => c.getAttribute('data-order-id')))).toEqual([
      seeded.pickup.id,
      seeded.voice.id,
      seeded.delivery.id,
    ]);
    expect(await card(seeded.pickup.id).locator('.due').textContent()).toMatch(/^in \d+ min$/);
    await page.locator(`[data-status-group="preparing"] .card[data-order-id="${seeded.cooking.id}"]`).waitFor();
    await page.locator(`[data-status-group="ready"] .card[data-order-id="${seeded.ready.id}"]`).waitFor();

    const delivery = card(seeded.delivery.id);
    await expect(delivery.textContent()).resolves.toEqual(expect.stringContaining('221 Pine St'));
    const text = (await delivery.textContent())!;
    for (const part of [
      seeded.delivery.orderNumber,
      'App',
      'Delivery',
      'Card · not paid yet',
      'Pepperoni Pizza',
      'well done',
      'Ring the bell twice',
    ]) {
      expect(text).toContain(part);
    }
    expect(await card(seeded.voice.id).textContent()).toContain('Phone');
    // Only legal moves are offered: a new order can be confirmed or cancelled, nothing else.
    expect(
      await card(seeded.pickup.id)
        .locator('[data-status]')
        .evaluateAll((b) => b.map((x) => x.getAttribute('data-status'))),
    ).toEqual(['confirmed', 'cancelled']);
    expect(
      await card(seeded.ready.id)
        .locator('[data-status]')
        .evaluateAll((b) => b.map((x) => x.getAttribute('data-status'))),
    ).toEqual(['completed']);
  });

  it('shows an order placed through the API live, highlighted, without a reload', async () => {
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    const order = await placeOrder(t.url, { customerName: 'Walk-in Web', channel: 'web' });
    // Arrives by the live stream: no navigation happened (checked below), so nothing else could bring it.
    await card(order.id).waitFor({ timeout: 30_000 });
    expect(await card(order.id).getAttribute('class')).toContain('fresh');
    expect(navigations).toEqual([]);
    seeded.live = order;
    await page.screenshot({ path: join(SCREENSHOTS, 'board-1280x800.png') });
  });

  it('moves an order with one click; the API sees the new status and the card changes column', async () => {
    const id = seeded.pickup.id;
    await card(id).locator('[data-status="confirmed"]').click();
    await page.locator(`[data-status-group="confirmed"] .card[data-order-id="${id}"]`).waitFor({ timeout: 30_000 });
    expect(await statusOf(id)).toBe('confirmed');
    await card(id).locator('[data-status="preparing"]').click();
    await page.locator(`[data-status-group="preparing"] .card[data-order-id="${id}"]`).waitFor({ timeout: 30_000 });
    expect(await statusOf(id)).toBe('preparing');
    const history = statusHistory((await request(t.url).get(`/api/orders/${id}`)).body as ApiSchema<'OrderDto'>);
    expect(history.at(-1)).toMatchObject({ from: 'confirmed', to: 'preparing', actor: 'dashboard:owner' });
  });

  it('asks twice before cancelling', async () => {
    const id = seeded.live.id;
    const cancel = card(id).locator('[data-status="cancelled"]');
    await cancel.click();
    await expect(cancel.textContent()).resolves.toBe('Tap again to cancel');
    expect(await statusOf(id)).toBe('received');
    await cancel.click();
    await card(id).waitFor({ state: 'detached', timeout: 30_000 });
    expect(await statusOf(id)).toBe('cancelled');
  });

  it('shows status changes made elsewhere live', async () => {
    await admin('patch', `/api/orders/${seeded.ready.id}/status`).send({ status: 'completed' }).expect(200);
    await card(seeded.ready.id).waitFor({ state: 'detached', timeout: 30_000 });
    await admin('patch', `/api/orders/${seeded.delivery.id}/status`).send({ status: 'confirmed' }).expect(200);
    await page.locator(`[data-status-group="confirmed"] .card[data-order-id="${seeded.delivery.id}"]`).waitFor({ timeout: 30_000 });
  });

  it('opens the detail of a phone order: history, payment, call summary, transcript and recording', async () => {
    await card(seeded.voice.id).locator('.num').click();
    const detail = page.locator('#detail');
    await detail.getByText('Caller ordered two Margherita pizzas').waitFor();
    const text = (await detail.textContent())!;
    for (const part of ['Tom Baker', '+12065550177', 'Phone', 'Lasagna Bolognese', 'Cash · collect', 'History', 'Placed (New)'])
      expect(text).toContain(part);
    expect(await detail.locator('a', { hasText: 'Listen to the recording' }).getAttribute('href')).toBe(
      'https://storage.example/recordings/call-123.wav',
    );
    await detail.locator('details.transcript summary').click();
    await page.screenshot({ path: join(SCREENSHOTS, 'detail-phone-order-1280x800.png') });
    await page.click('#detail-close');

    await card(seeded.delivery.id).locator('.num').click();
    await detail.getByText('221 Pine St, Seattle, WA 98101').first().waitFor();
    expect(await detail.textContent()).toContain('Delivery fee');
    await page.screenshot({ path: join(SCREENSHOTS, 'detail-delivery-order-1280x800.png') });
    await page.keyboard.press('Escape');
    expect(await detail.isHidden()).toBe(true);
  });

  it('filters by channel and finds an order by number, name or phone', async () => {
    await page.selectOption('#filter-channel', 'voice');
    await page.waitForFunction(
      (id) => document.querySelectorAll('.card[data-order-id]').length === 1 && !!document.querySelector(`.card[data-order-id="${id}"]`),
      seeded.voice.id,
    );
    await page.selectOption('#filter-channel', '');
    await page.fill('#filter-q', 'hopper');
    await page.waitForFunction(
      (id) => document.querySelectorAll('.card[data-order-id]').length === 1 && !!document.querySelector(`.card[data-order-id="${id}"]`),
      seeded.delivery.id,
    );
    await page.fill('#filter-q', seeded.cooking.orderNumber);
    await page.waitForFunction(
      (id) => document.querySelectorAll('.card[data-order-id]').length === 1 && !!document.querySelector(`.card[data-order-id="${id}"]`),
      seeded.cooking.id,
    );
    await page.fill('#filter-q', '');
    await page.selectOption('#filter-status', 'completed');
    await card(seeded.ready.id).waitFor();
    await page.selectOption('#filter-status', 'active');
    await card(seeded.voice.id).waitFor();
  });

  it('reconnects by itself after the live stream drops, and catches up on what it missed', async () => {
    t.app.get(DashboardStreams).beforeApplicationShutdown();
    const missed = await placeOrder(t.url, { customerName: 'During The Blip' });
    await page.locator('#live', { hasText: 'Live' }).waitFor({ timeout: 30_000 });
    await card(missed.id).waitFor({ timeout: 30_000 });
    const after = await placeOrder(t.url, { customerName: 'After The Blip' });
    await card(after.id).waitFor({ timeout: 30_000 });
  });

  it('marks a dish sold out and the menu endpoint stops offering it at once', async () => {
    await page.click('.tab[data-view="menu"]');
    const menu = (await request(t.url).get('/api/menu?available=true').expect(200)).body as Array<{ id: string; name: string }>;
    const tiramisu = menu.find((m) => m.name === 'Tiramisu')!;
    const row = page.locator(`.menu-item[data-menu-item-id="${tiramisu.id}"]`);
    await row.locator('button.menu-toggle').click();
    await row.locator('.tag', { hasText: 'Sold out' }).waitFor();
    const after = (await request(t.url).get('/api/menu?available=true').expect(200)).body as Array<{ id: string }>;
    expect(after.map((m) => m.id)).not.toContain(tiramisu.id);
    await page.screenshot({ path: join(SCREENSHOTS, 'menu-1280x800.png') });
  });

  it('shows export jobs that really failed, retries them, then downloads the day workbook they wrote', async () => {
    const scheduler = t.app.get(ExportScheduler);
    // Every export so far failed (six attempts each, with backoff): wait until nothing is left to try.
    const counts = await waitFor(
      'the export jobs to have failed for good',
      async () => {
        const c = await scheduler.counts();
        return c.failed > 0 && c.waiting + c.active + c.delayed === 0 && c;
      },
      150_000,
    );
    await page.click('.tab[data-view="export"]');
    await page.locator('#export-failed', { hasText: String(counts.failed) }).waitFor();
    expect(await page.locator('#export-failed').getAttribute('class')).toContain('bad');
    await page.screenshot({ path: join(SCREENSHOTS, 'export-1280x800.png') });

    // The fault is fixed; staff retry: the jobs run again and write the workbook.
    rmSync(blocker);
    await page.click('#export-retry');
    await page.getByText(`${counts.failed} export job(s) queued again.`).waitFor();
    await page.locator('#export-failed', { hasText: '0' }).waitFor();
    const unexported = async () =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM orders WHERE version > exported_version`))[0].n;
    await waitFor('every order exported after the retry', async () => (await unexported()) === 0, 60_000);
    expect((await scheduler.counts()).failed).toBe(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-link')]);
    const today = await page.inputValue('#export-date');
    expect(download.suggestedFilename()).toBe(`orders-${today}.xlsx`);
    const saved = join(SCREENSHOTS, '..', `download-orders-${today}.xlsx`);
    await download.saveAs(saved);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(saved);
    const sheet = workbook.getWorksheet('Orders')!;
    expect(sheet.getRow(1).getCell(2).value).toBe('Order Number');
    const ids: unknown[] = [];
    sheet.eachRow((row, n) => n > 1 && ids.push(row.getCell(1).value));
    const dayOrders = await t.dataSource.query(`SELECT id FROM orders WHERE business_date = $1`, [today]);
    expect(new Set(ids)).toEqual(new Set(dayOrders.map((o: { id: string }) => o.id)));
    expect(ids).toContain(seeded.pickup.id);
  }, 300_000);

  it('fits a 768 px kitchen tablet', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.click('.tab[data-view="board"]');
    await card(seeded.voice.id).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'board-768x1024.png') });
    await card(seeded.delivery.id).locator('.num').click();
    await page.locator('#detail').getByText('221 Pine St, Seattle, WA 98101').first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'detail-768x1024.png') });
    await page.click('#detail-close');
  });

  it('signs out, after which the board is out of reach', async () => {
    await page.click('#logout');
    await page.waitForURL(/\/dashboard\/login$/);
    await page.goto(`${t.url}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/login');
  });
});
