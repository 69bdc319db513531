/// <reference lib="dom" />
import { jest } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { launchChromium } from '../support/browser.js';
import { OWNER_PASSWORD, OWNER_USER } from '../support/dashboard.js';
import type { FakeHttpServer } from '../support/fake-http.js';
import { createFakeStripe, signedStripeEvent, stripeDriverEnv } from '../support/fake-stripe.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

jest.setTimeout(120_000);

const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

/**
 * Staff give money back from an order's detail in Chromium: part of it with a reason, then the rest; the payment
 * shows "partly refunded", then "Refunded", and the history says who and why. The real Stripe adapter runs against
 * the loopback fake. The customer's page after Checkout is photographed too, on a phone-sized screen.
 */
describe('Refunds by staff on the dashboard (Chromium)', () => {
  let t: TestApp;
  let stripe: FakeHttpServer;
  let browser: Browser;
  let page: Page;
  let dish: string;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    stripe = await createFakeStripe();
    t = await createTestApp({ env: { ...stripeDriverEnv(stripe, 3000), GEO_DRIVER: 'mock' } });
    dish = (await request(t.url).get('/api/menu?available=true').expect(200)).body[0].id;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await stripe?.close();
  });

  async function paidOrder(): Promise<{ id: string; orderNumber: string; totalCents: number }> {
    const { body } = await request(t.url)
      .post('/api/orders')
      .send({
        customerName: 'Ada Lovelace',
        customerPhone: '+12065550123',
        fulfillment: 'pickup',
        paymentMethod: 'card',
        items: [{ menuItemId: dish, quantity: 2 }],
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
    return body;
  }

  it('refunds part of a paid card order with a reason, then the rest, from the order detail', async () => {
    const order = await paidOrder();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${t.url}/dashboard`);
    await page.fill('input[name="username"]', OWNER_USER);
    await page.fill('input[name="password"]', OWNER_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator(`.card[data-order-id="${order.id}"]`).click();

    const detail = page.locator('#detail-body');
    const form = detail.locator(`form[data-refund-form-order-id="${order.id}"]`);
    await form.waitFor();
    await form.locator('input[name="amount"]').fill('5');
    await form.locator('input[name="reason"]').fill('Pizza arrived cold');
    await form.locator('button[type="submit"]').click();
    await detail.locator('.tag.pay-partially_refunded', { hasText: 'Paid · partly refunded' }).waitFor();
    await detail.locator('.kv', { hasText: 'Refunded' }).filter({ hasText: '$5.00 of' }).waitFor();
    await detail.locator('.history li', { hasText: 'Refund of $5.00: Pizza arrived cold' }).waitFor();
    expect(await detail.locator('.history li', { hasText: 'Pizza arrived cold' }).textContent()).toContain('by dashboard:owner');
    await page.screenshot({ path: join(SCREENSHOTS, 'staff-refund-partial-1280x800.png') });

    // More than is left is refused with the reason, and nothing changes.
    await form.locator('input[name="amount"]').fill(String(order.totalCents));
    await form.locator('input[name="reason"]').fill('Too much');
    await form.locator('button[type="submit"]').click();
    await page.locator('.toast.error', { hasText: 'left to refund' }).waitFor();

    // Left empty, the amount is all that is left.
    await form.locator('input[name="amount"]').fill('');
    await form.locator('input[name="reason"]').fill('Order never arrived');
    await form.locator('button[type="submit"]').click();
    await detail.locator('.tag.pay-refunded', { hasText: 'Refunded' }).waitFor();
    expect(await detail.locator('form.staff-refund').count()).toBe(0);
    const { body } = await request(t.url).get(`/api/orders/${order.id}`).expect(200);
    expect(body).toMatchObject({ paymentStatus: 'refunded', refundedCents: order.totalCents });
    expect(stripe.requests.filter((r) => r.path === '/v1/refunds').map((r) => r.form.amount)).toEqual([
      '500',
      String(order.totalCents - 500),
    ]);
    await page.screenshot({ path: join(SCREENSHOTS, 'staff-refund-full-1280x800.png') });
  });

  it("shows the customer's order page after Checkout on a phone", async () => {
    const order = await paidOrder();
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    const answer = await phone.goto(`${t.url}/orders/${order.id}`);
    expect(answer?.status()).toBe(200);
    const text = await phone.locator('main').textContent();
    expect(text).toContain(`Order ${order.orderNumber}`);
    expect(text).toContain('Paid');
    // The CSP allows the page's own style: it is applied (the status pill has its background).
    const background = await phone.locator('.status').evaluate((n) => getComputedStyle(n).backgroundColor);
    expect(background).toBe('rgb(223, 243, 228)');
    await phone.screenshot({ path: join(SCREENSHOTS, 'order-page-390x844.png') });
  });
});
