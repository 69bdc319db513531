/// <reference lib="dom" />
import { jest } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import request from 'supertest';
import { OWNER_PASSWORD, OWNER_USER } from '../support/dashboard.js';
import type { FakeHttpServer } from '../support/fake-http.js';
import { createFakeStripe, stripeDriverEnv, signedStripeEvent, stripeAnswer, stripeError } from '../support/fake-stripe.js';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/test-app.js';

jest.setTimeout(120_000);

const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

/**
 * A refund that fails for good, as staff see it in Chromium: the alert on top of the board, the order's refund
 * state, a second failure arriving live, and "Retry refund now" once Stripe is back. The app runs the real
 * Stripe adapter against the loopback fake (one attempt per refund, so a failure is final at once).
 */
describe('Failed refunds on the dashboard (Chromium)', () => {
  let t: TestApp;
  let stripe: FakeHttpServer;
  let browser: Browser;
  let page: Page;
  let dish: string;

  /** Stripe answers every refund with a 503 until the test resets it. */
  const refundsDown = () => {
    stripe.handler = (req) =>
      req.method === 'POST' && req.path === '/v1/refunds'
        ? { ...stripeError(503, 'api_error', 'Stripe is down'), headers: { 'stripe-should-retry': 'false' } }
        : stripeAnswer(req);
  };
  const refundOf = async (id: string) => (await request(t.url).get(`/api/orders/${id}`).expect(200)).body.refund;

  async function cancelPaidOrder(customerName: string): Promise<{ id: string; orderNumber: string }> {
    const { body } = await request(t.url)
      .post('/api/orders')
      .send({
        customerName,
        customerPhone: '+12065550123',
        fulfillment: 'pickup',
        paymentMethod: 'card',
        items: [{ menuItemId: dish, quantity: 1 }],
      })
      .expect(201);
    const paid = signedStripeEvent({
      id: `evt_${body.id}`,
      type: 'payment_intent.succeeded',
      object: { id: body.payment.reference, metadata: { orderId: body.id } },
    });
    await request(t.url)
      .post('/webhook/stripe')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', paid.signature)
      .send(paid.payload)
      .expect(200);
    await request(t.url)
      .patch(`/api/orders/${body.id}/status`)
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({ status: 'cancelled' })
      .expect(200);
    return body;
  }

  async function untilFailed(id: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while ((await refundOf(id))?.status !== 'failed') {
      if (Date.now() > deadline) throw new Error(`The refund of ${id} did not fail within 10 s: ${JSON.stringify(await refundOf(id))}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    stripe = await createFakeStripe();
    t = await createTestApp({
      env: {
        ...stripeDriverEnv(stripe, 3000),
        GEO_DRIVER: 'mock',
        REFUND_MAX_ATTEMPTS: '1',
        REFUND_SWEEP_MS: '50',
      },
    });
    dish = (await request(t.url).get('/api/menu?available=true').expect(200)).body[0].id;
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await stripe?.close();
  });

  it('alerts staff to a failed refund, shows it on the order, hears of a new one live, and retries it', async () => {
    refundsDown();
    const first = await cancelPaidOrder('Ada Lovelace');
    await untilFailed(first.id);

    await page.goto(`${t.url}/dashboard`);
    await page.fill('input[name="username"]', OWNER_USER);
    await page.fill('input[name="password"]', OWNER_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator('#live', { hasText: 'Live' }).waitFor();

    const alert = page.locator('#refund-alert');
    await alert.locator('#refund-alert-title', { hasText: 'Refund failed — needs attention (1)' }).waitFor();
    expect(await alert.textContent()).toEqual(expect.stringContaining(`${first.orderNumber} · Ada Lovelace`));
    expect(await alert.textContent()).toEqual(expect.stringContaining('Stripe error 503: Stripe is down'));

    // A second refund fails while the page is open: the alert counts it without a reload. Stripe holds that refund
    // until the page has re-read the alert for the order's payment event, so only the refund's own event can show it.
    let failNow!: () => void;
    const held = new Promise<void>((resolve) => (failNow = resolve));
    stripe.handler = async (req) => {
      if (req.method !== 'POST' || req.path !== '/v1/refunds') return stripeAnswer(req);
      await held;
      return { ...stripeError(503, 'api_error', 'Stripe is down'), headers: { 'stripe-should-retry': 'false' } };
    };
    const reread = page.waitForResponse((res) => new URL(res.url()).pathname === '/dashboard/api/refunds');
    const second = await cancelPaidOrder('Grace Hopper');
    await reread;
    expect(await alert.locator('#refund-alert-title').textContent()).toContain('(1)');
    failNow();
    await alert.locator('#refund-alert-title', { hasText: '(2)' }).waitFor();
    await alert.locator(`[data-refund-alert-id="${second.id}"]`).waitFor();

    // The order itself says so, with the reason and the way out.
    await alert.locator(`[data-refund-alert-id="${first.id}"]`).click();
    const detail = page.locator('#detail-body');
    await detail.locator('.tag.refund-failed', { hasText: 'Refund failed — needs attention' }).waitFor();
    expect(await detail.textContent()).toEqual(expect.stringContaining('Stripe error 503: Stripe is down'));
    await page.screenshot({ path: join(SCREENSHOTS, 'refund-failed-1280x800.png') });

    stripe.reset();
    await detail.locator('button.refund-retry').click();
    await detail.locator('.tag.refund-requested', { hasText: 'Refund requested' }).waitFor();
    expect(await refundOf(first.id)).toMatchObject({ status: 'requested', needsAttention: false });
    expect(stripe.requests.filter((r) => r.path === '/v1/refunds').map((r) => r.headers['idempotency-key'])).toEqual([
      `order-${first.id}-refund`,
    ]);
    await alert.locator('#refund-alert-title', { hasText: '(1)' }).waitFor();
    expect(await alert.locator(`[data-refund-alert-id="${first.id}"]`).count()).toBe(0);
  });
});
