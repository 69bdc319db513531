/// <reference lib="dom" />
import { jest } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { launchChromium, signIn } from '../support/browser.js';
import { OWNER_PASSWORD, OWNER_USER, placeOrder, STAFF_ACCOUNT } from '../support/dashboard.js';
import { createTestApp, TestApp } from '../support/test-app.js';
import { TestClock } from '../support/test-clock.js';

jest.setTimeout(120_000);

const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

/** What Chart.js drew on each canvas of the page: its type and the values of its first data set. */
const drawn = (page: Page) =>
  page.evaluate(() => {
    const chart = (
      window as unknown as {
        Chart: { getChart(c: HTMLCanvasElement): { config: { type: string }; data: { datasets: { data: number[] }[] } } | undefined };
      }
    ).Chart;
    return Object.fromEntries(
      [...document.querySelectorAll('canvas')].map((c) => {
        const found = chart.getChart(c);
        return [c.id, found ? { type: found.config.type, data: found.data.datasets[0]?.data ?? [] } : null];
      }),
    );
  });

/** A week of orders at lunch and dinner, then the owner reads the Reports page; a staff account cannot. */
describe('Reports page (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let owner: Page;
  const clock = new TestClock('2026-11-23T20:00:00Z');
  const violations: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    t = await createTestApp({ clock });
    // Seven days (Los Angeles, Nov 23-29): lunch at 12:10 (1, 2 or 3 orders) and dinner from 19:10 (2 on the
    // first day, one more each day): 48 orders. Every third is a phone order (the REST API takes web and app
    // orders; the voice tools are tested on their own).
    const channels = ['web', 'mobile'] as const;
    for (let day = 0; day < 7; day++) {
      for (const [hourUtc, count] of [
        [20, 1 + (day % 3)],
        [3, 2 + day],
      ] as const) {
        for (let i = 0; i < count; i++) {
          clock.set(Date.UTC(2026, 10, 23 + day + (hourUtc < 12 ? 1 : 0), hourUtc, 10 + i));
          const order = await placeOrder(t.url, { channel: channels[(day + i) % 2], customerName: `Guest ${day}-${i}` });
          if ((day + i) % 3 === 0) await t.dataSource.query(`UPDATE orders SET channel = 'voice' WHERE id = $1`, [order.id]);
        }
      }
    }
    clock.set('2026-11-30T22:00:00Z'); // Monday 2 PM in Los Angeles
    browser = await launchChromium();
    owner = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
    owner.setDefaultTimeout(10_000);
    owner.on('console', (m) => {
      if (m.type() === 'error') violations.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the last 7 days with its totals and charts, and downloads them', async () => {
    await signIn(owner, t.url, OWNER_USER, OWNER_PASSWORD);
    await owner.click('#reports-link');
    await owner.waitForSelector('body[data-rendered="true"]');
    await owner.click('button[data-period="last-7-days"]');
    await owner.waitForSelector('body[data-rendered="true"]');
    expect(owner.url()).toBe(`${t.url}/dashboard/reports?period=last-7-days`);
    expect(await owner.locator('#report-title').textContent()).toBe('Last 7 days, Nov 24 – Nov 30, 2026');
    // Nov 23 is a day before the period: its 3 orders are left out of the 48.
    const inPeriod = 45;
    expect(await owner.locator('.kpi', { hasText: 'Orders' }).locator('.kpi-value').textContent()).toBe(String(inPeriod));
    const charts = await drawn(owner);
    expect(charts['chart-series']?.data).toHaveLength(7);
    expect(charts['chart-channels']).toMatchObject({ type: 'doughnut' });
    expect((charts['chart-channels']?.data as number[]).reduce((a, b) => a + b, 0)).toBe(inPeriod);
    expect(charts['chart-dishes']?.type).toBe('bar');
    expect(charts['chart-dishes']?.data.length).toBeGreaterThan(0);
    expect(charts['chart-options']).not.toBeNull();
    // The week's grid: dinner at 7 PM is the darkest row of cells.
    expect(await owner.locator('#heat tbody tr').count()).toBe(7);
    expect(await owner.locator('#heat td.heat-5').count()).toBeGreaterThan(0);
    await owner.screenshot({ path: join(SCREENSHOTS, 'reports-week.png'), fullPage: true });

    const download = owner.waitForEvent('download');
    await owner.click('#report-download');
    expect((await download).suggestedFilename()).toBe('report-2026-11-24-to-2026-11-30.xlsx');
    expect(violations).toEqual([]);
  });

  it('charts one day per hour', async () => {
    await owner.click('button[data-period="yesterday"]');
    await owner.waitForSelector('body[data-rendered="true"]');
    expect(await owner.locator('#series-title').textContent()).toBe('Orders and sales per hour');
    const charts = await drawn(owner);
    expect(charts['chart-series']?.data).toHaveLength(24);
    expect(await owner.locator('.kpi', { hasText: 'Orders' }).locator('.kpi-value').textContent()).toBe('9');
    await owner.screenshot({ path: join(SCREENSHOTS, 'reports-day.png'), fullPage: true });
  });

  it('is not for a staff account: no link on the board, and the address answers 403', async () => {
    const cook = await (await browser.newContext({ viewport: { width: 768, height: 1024 } })).newPage();
    await signIn(cook, t.url, STAFF_ACCOUNT.username, STAFF_ACCOUNT.password);
    expect(await cook.locator('#reports-link').isVisible()).toBe(false);
    const res = await cook.goto(`${t.url}/dashboard/reports`);
    expect(res?.status()).toBe(403);
    expect(await cook.locator('.login-error').textContent()).toContain('Reports are for the owner');
    await cook.screenshot({ path: join(SCREENSHOTS, 'reports-staff-refused.png') });
  });
});
