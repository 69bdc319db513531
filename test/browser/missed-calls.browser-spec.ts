/// <reference lib="dom" />
import { jest } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { launchChromium } from '../support/browser.js';
import { OWNER_PASSWORD, OWNER_USER } from '../support/dashboard.js';
import { createTestApp, TestApp } from '../support/test-app.js';
import { postVapi, toolCallsMessage, VOICE_TEST_ENV } from '../support/vapi.js';

jest.setTimeout(120_000);

const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

/** An end-of-call report in Vapi's shape, for a call that ended a little while ago. */
function report(callId: string, phone: string, summary: string, endedAgoMinutes: number) {
  const endedAt = new Date(Date.now() - endedAgoMinutes * 60_000).toISOString();
  return {
    message: {
      type: 'end-of-call-report',
      timestamp: Date.now(),
      endedReason: 'customer-ended-call',
      startedAt: new Date(Date.parse(endedAt) - 80_000).toISOString(),
      endedAt,
      call: { id: callId, type: 'inboundPhoneCall', status: 'ended', customer: { number: phone } },
      customer: { number: phone },
      analysis: { summary },
      artifact: { transcript: 'AI: Thanks for calling, pickup or delivery?\nUser: Uh, hold on...' },
    },
  };
}

/** Callers who hung up before ordering, as staff see them on the board: the number to call back, and "Called back". */
describe('Missed calls on the dashboard (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    t = await createTestApp({ env: { ...VOICE_TEST_ENV } });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows a missed call with its number and time, hears of a new one live, and marks one called back', async () => {
    await postVapi(
      t.url,
      report('call-browser-1', '+12065550142', 'The caller asked whether we deliver to Ballard, then hung up.', 12),
    ).expect(200);
    // A call that ordered is no missed call.
    await postVapi(
      t.url,
      toolCallsMessage(
        [
          {
            name: 'placeOrder',
            args: { customerName: 'Ada', fulfillment: 'pickup', paymentMethod: 'cash', items: [{ name: 'tiramisu', quantity: 1 }] },
          },
        ],
        { callId: 'call-browser-ordered', phone: '+12065550177' },
      ),
    ).expect(200);
    await postVapi(t.url, report('call-browser-ordered', '+12065550177', 'The caller ordered a tiramisu.', 5)).expect(200);

    await page.goto(`${t.url}/dashboard`);
    await page.fill('input[name="username"]', OWNER_USER);
    await page.fill('input[name="password"]', OWNER_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator('#live', { hasText: 'Live' }).waitFor();

    const panel = page.locator('#missed-calls');
    await panel.locator('#missed-calls-title', { hasText: 'Missed calls — please call back (1)' }).waitFor();
    const first = panel.locator('[data-call-id="call-browser-1"]');
    expect(await first.locator('.missed-phone').textContent()).toBe('(206) 555-0142');
    expect(await first.locator('.missed-phone').getAttribute('href')).toBe('tel:+12065550142');
    expect(await first.textContent()).toEqual(expect.stringContaining('12 min ago'));
    expect(await first.textContent()).toEqual(expect.stringContaining('Hung up without ordering'));
    expect(await first.textContent()).toEqual(expect.stringContaining('deliver to Ballard'));
    // The time of day is the restaurant's (test app: America/Los_Angeles), whatever the tablet's zone.
    const ended = new Date(Date.now() - 12 * 60_000);
    const restaurantClock = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', timeZone: 'America/Los_Angeles' });
    const shown = (await first.locator('.missed-when b').textContent()) ?? '';
    const oneMinuteEarlier = restaurantClock.format(new Date(ended.getTime() - 60_000));
    expect([restaurantClock.format(ended), oneMinuteEarlier]).toContain(shown.replace(/\u202f/g, ' '));
    expect(await panel.locator('[data-call-id="call-browser-ordered"]').count()).toBe(0);

    // Another caller gives up while the board is open: it appears without a reload.
    await postVapi(t.url, {
      message: { type: 'hang', timestamp: Date.now(), call: { id: 'call-browser-2', customer: { number: '+442071838750' } } },
    }).expect(200);
    await panel.locator('#missed-calls-title', { hasText: '(2)' }).waitFor();
    const second = panel.locator('[data-call-id="call-browser-2"]');
    expect(await second.locator('.missed-phone').textContent()).toBe('+442071838750');
    expect(await second.textContent()).toEqual(expect.stringContaining('The phone assistant got stuck'));
    await page.screenshot({ path: join(SCREENSHOTS, 'missed-calls-1280x800.png') });

    await first.locator('button.missed-handled', { hasText: 'Called back' }).click();
    await page.locator('.toast.ok', { hasText: 'Marked (206) 555-0142 as called back.' }).waitFor();
    await panel.locator('#missed-calls-title', { hasText: '(1)' }).waitFor();
    expect(await panel.locator('[data-call-id="call-browser-1"]').count()).toBe(0);
    const [row] = await t.dataSource.query(`SELECT missed_handled_by FROM voice_calls WHERE call_id = 'call-browser-1'`);
    expect(row.missed_handled_by).toBe('dashboard:owner');

    // The last one handled (by API here, as from another tablet): the panel goes away on this board too.
    const session = await request(t.url)
      .get('/dashboard/api/session')
      .set('Cookie', (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; '));
    await request(t.url)
      .post('/dashboard/api/missed-calls/call-browser-2/handled')
      .set('Cookie', (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; '))
      .set('X-CSRF-Token', session.body.csrfToken)
      .set('Origin', t.url)
      .expect(200);
    await panel.waitFor({ state: 'hidden' });
  });
});
