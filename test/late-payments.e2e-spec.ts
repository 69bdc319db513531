import request from 'supertest';
import { OrdersService } from '@/orders/orders.service.js';
import { api, type ApiClient, type ApiSchema, expectStatus } from './support/api.js';
import type { FakeHttpServer, RecordedRequest } from './support/fake-http.js';
import { createFakeStripe, signedStripeEvent, stripeDriverEnv } from './support/fake-stripe.js';
import { waitFor } from './support/export-helpers.js';
import { fetchMenu, menuItem, type MenuRow, orderBody } from './support/orders.js';
import { deliverStripeEvent } from './support/stripe-webhook.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * A card payment that succeeds for an order that is cancelled is refunded, once, whatever order the cancel and the
 * payment arrive in (the real Stripe adapter against the loopback fake, on the database the run selects).
 */
describe('payments that land on cancelled orders (Stripe adapter against a fake Stripe)', () => {
  let t: TestApp;
  let stripe: FakeHttpServer;
  let menu: MenuRow[];
  let shop: ApiClient;
  let admin: ApiClient;

  beforeAll(async () => {
    stripe = await createFakeStripe();
    t = await createTestApp({ env: { ...stripeDriverEnv(stripe, 3000), GEO_DRIVER: 'mock', REFUND_SWEEP_MS: '50' } });
    shop = api(t.url);
    admin = api(t.url, { admin: true });
    menu = await fetchMenu(t.url);
  });
  afterAll(async () => {
    await t?.close();
    await stripe?.close();
  });
  beforeEach(() => stripe.reset());

  const webhook = (e: { payload: string; signature: string }) => expectStatus(deliverStripeEvent(shop, e), 200);
  const read = (id: string) => expectStatus(shop.GET('/api/orders/{id}', { params: { path: { id } } }), 200);
  const cancel = (id: string) =>
    expectStatus(admin.PATCH('/api/orders/{id}/status', { params: { path: { id } }, body: { status: 'cancelled' } }), 200);
  const refundRequests = (id: string): RecordedRequest[] =>
    stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds' && r.form['metadata[orderId]'] === id);
  const refundHistory = (o: ApiSchema<'OrderDto'>) => (o.history ?? []).filter((h) => h.kind === 'refund');

  /** A phone order paid through a Stripe Checkout link (still pending). */
  async function voiceCardOrder(): Promise<{ id: string; reference: string }> {
    const body = orderBody(menu, {
      customerName: 'Grace Hopper',
      customerPhone: '+12065550123',
      fulfillment: 'pickup',
      paymentMethod: 'card',
      items: [{ menuItemId: menuItem(menu, 'Margherita Pizza').id, quantity: 1 }],
    });
    const { body: created } = await t.app.get(OrdersService).create(body, { channel: 'voice', voiceCallId: `call-${Date.now()}` });
    expect(created.paymentStatus).toBe('pending');
    return { id: created.id, reference: created.payment.reference! };
  }

  const succeeded = (id: string, reference: string, eventId: string) =>
    signedStripeEvent({
      id: eventId,
      type: 'checkout.session.completed',
      object: { id: reference, payment_status: 'paid', client_reference_id: id, metadata: { orderId: id } },
    });
  const intentSucceeded = (id: string, eventId: string) =>
    signedStripeEvent({ id: eventId, type: 'payment_intent.succeeded', object: { id: `pi_x_${eventId}`, metadata: { orderId: id } } });

  async function expectRefundedOnce(id: string): Promise<void> {
    await waitFor('the refund request to Stripe', async () => refundRequests(id).length > 0, 10_000);
    const order = await waitFor(
      'the refund recorded as requested',
      async () => {
        const o = await read(id);
        return o.refund?.status === 'requested' ? o : null;
      },
      10_000,
    );
    expect(order.status).toBe('cancelled');
    expect(order.paymentStatus).toBe('paid');
    expect(refundHistory(order).map((h) => `${h.from}>${h.to}`)).toEqual(['null>pending', 'pending>requested']);
    // A sweep or two later, still one request.
    await new Promise((r) => setTimeout(r, 300));
    expect(refundRequests(id)).toHaveLength(1);
  }

  it('cancel while the Checkout payment is pending, then checkout.session.completed: refunded once', async () => {
    const { id, reference } = await voiceCardOrder();
    await cancel(id);
    await webhook(succeeded(id, reference, `evt_cs_${id}`));
    await expectRefundedOnce(id);
    expect(refundRequests(id)[0].form.payment_intent).toBe(`pi_from_${reference}`);
    // Stripe delivers it again, and the PaymentIntent's own event too: nothing more.
    await webhook(succeeded(id, reference, `evt_cs_${id}`));
    await webhook(intentSucceeded(id, `evt_pi_${id}`));
    await new Promise((r) => setTimeout(r, 200));
    expect(refundRequests(id)).toHaveLength(1);
  });

  it('cancel while pending, then payment_intent.succeeded: refunded once', async () => {
    const { id } = await voiceCardOrder();
    await cancel(id);
    await webhook(intentSucceeded(id, `evt_pi_only_${id}`));
    await expectRefundedOnce(id);
  });

  it('a Checkout link expires PAYMENT_EXPIRY_MINUTES after the order; checkout.session.expired cancels the unpaid order (actor stripe), once', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { id, reference } = await voiceCardOrder();
    const [created] = stripe.requests.filter((r) => r.path === '/v1/checkout/sessions');
    const expiresAt = Number(created.form.expires_at);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * 60);
    expect(expiresAt).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 30 * 60);
    expect(created.form.success_url).toMatch(new RegExp(`^https?://[^/]+/orders/${id}$`));
    expect(created.form.cancel_url).toBe(created.form.success_url);

    const expired = signedStripeEvent({
      id: `evt_exp_${id}`,
      type: 'checkout.session.expired',
      object: { id: reference, metadata: { orderId: id } },
    });
    await webhook(expired);
    const order = await read(id);
    expect(order).toMatchObject({ status: 'cancelled', paymentStatus: 'failed', refund: null });
    // Texts land in the history as they are sent; the changes themselves are these.
    const changes = (o: typeof order) =>
      (o.history ?? []).filter((h) => h.kind === 'status' || h.kind === 'payment').map((h) => `${h.kind}:${h.from}>${h.to}:${h.actor}`);
    expect(changes(order)).toEqual(['status:null>received:voice', 'payment:pending>failed:stripe', 'status:received>cancelled:stripe']);
    // The caller was texted the link with the order, and is texted the cancellation.
    const texts: { kind: string }[] = await t.dataSource.query(
      `SELECT kind FROM outbound_messages WHERE order_id = $1 ORDER BY created_at, kind`,
      [id],
    );
    expect(texts.map((m) => m.kind)).toEqual(['confirmed', 'payment_link', 'cancelled']);
    await webhook(expired);
    expect(changes(await read(id))).toEqual(changes(order));
    const board = await expectStatus(
      admin.GET('/api/orders', { params: { query: { status: ['received', 'confirmed', 'preparing'] } } }),
      200,
    );
    expect(board.items.map((o) => o.id)).not.toContain(id);
    expect(refundRequests(id)).toHaveLength(0);
  });

  it('checkout.session.expired leaves a paid order, and one already being prepared, as they are', async () => {
    const paid = await voiceCardOrder();
    await webhook(succeeded(paid.id, paid.reference, `evt_paid_${paid.id}`));
    await webhook(
      signedStripeEvent({
        id: `evt_exp_${paid.id}`,
        type: 'checkout.session.expired',
        object: { id: paid.reference, metadata: { orderId: paid.id } },
      }),
    );
    expect(await read(paid.id)).toMatchObject({ status: 'received', paymentStatus: 'paid' });

    const cooking = await voiceCardOrder();
    for (const status of ['confirmed', 'preparing', 'ready'] as const) {
      await expectStatus(admin.PATCH('/api/orders/{id}/status', { params: { path: { id: cooking.id } }, body: { status } }), 200);
    }
    await webhook(
      signedStripeEvent({
        id: `evt_exp_${cooking.id}`,
        type: 'checkout.session.expired',
        object: { id: cooking.reference, metadata: { orderId: cooking.id } },
      }),
    );
    expect(await read(cooking.id)).toMatchObject({ status: 'ready', paymentStatus: 'failed' });
  });

  describe('the page Checkout returns the customer to', () => {
    const page = (id: string) => request(t.url).get(`/orders/${id}`);

    it('shows number, items, total and "Not paid yet", then "Paid", as HTML for a phone with a strict CSP', async () => {
      const { id, reference } = await voiceCardOrder();
      const order = await read(id);
      const before = await page(id).expect(200);
      expect(before.headers['content-type']).toMatch(/^text\/html/);
      expect(before.headers['content-security-policy']).toMatch(/default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
      expect(before.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(before.headers['content-security-policy']).not.toContain('script-src');
      expect(before.headers['cache-control']).toBe('no-store');
      expect(before.text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(before.text).toContain(`Order ${order.orderNumber}`);
      expect(before.text).toContain('1 × Margherita Pizza');
      expect(before.text).toContain(`$${(order.totalCents / 100).toFixed(2)}`);
      expect(before.text).toContain('Not paid yet');
      expect(before.text).not.toContain('"id"');
      expect(before.text).not.toContain(order.customerPhone);

      await webhook(succeeded(id, reference, `evt_page_${id}`));
      const after = await page(id).expect(200);
      expect(after.text).toContain('>Paid<');
      expect(after.text).not.toContain('Not paid yet');
    });

    it('shows a cancelled order as cancelled', async () => {
      const { id } = await voiceCardOrder();
      await cancel(id);
      const res = await page(id).expect(200);
      expect(res.text).toContain('>Cancelled<');
      expect(res.text).toContain('You have not been charged.');
    });

    it('is a 404 page, not JSON, for an unknown or malformed id', async () => {
      for (const id of ['2f7d1c38-5d0e-4b59-9a0f-2c8a9d0f1e11', 'A-1001', '..%2f..%2fapi%2fmenu']) {
        const res = await page(id).expect(404);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.text).toContain('Order not found');
      }
    });
  });

  it('paid first, then cancelled: refunded once', async () => {
    const { id, reference } = await voiceCardOrder();
    await webhook(succeeded(id, reference, `evt_cs_first_${id}`));
    await cancel(id);
    await expectRefundedOnce(id);
  });
});
