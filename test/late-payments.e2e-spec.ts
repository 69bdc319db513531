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

  it('paid first, then cancelled: refunded once', async () => {
    const { id, reference } = await voiceCardOrder();
    await webhook(succeeded(id, reference, `evt_cs_first_${id}`));
    await cancel(id);
    await expectRefundedOnce(id);
  });
});
