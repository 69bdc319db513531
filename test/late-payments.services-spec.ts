import request from 'supertest';
import { OrdersService } from '@/orders/orders.service.js';
import { waitFor } from './support/export-helpers.js';
import type { FakeHttpServer, RecordedRequest } from './support/fake-http.js';
import { createFakeStripe, signedStripeEvent, stripeDriverEnv } from './support/fake-stripe.js';
import { fetchMenu, menuItem, type MenuRow, orderBody } from './support/orders.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from './support/test-app.js';

/**
 * Two API replicas on one PostgreSQL database, both talking to one fake Stripe: a payment that succeeds for a
 * cancelled order is refunded exactly once when both replicas get the same event at once, and when the cancel
 * reaches one replica while the payment reaches the other.
 */
describe('late payments on two replicas', () => {
  let a: TestApp;
  let b: TestApp;
  let stripe: FakeHttpServer;
  let menu: MenuRow[];

  beforeAll(async () => {
    stripe = await createFakeStripe();
    const env = { ...stripeDriverEnv(stripe, 3000), GEO_DRIVER: 'mock', REFUND_SWEEP_MS: '20' };
    a = await createTestApp({ env });
    b = await createTestApp({ env, databaseUrl: a.databaseUrl });
    menu = await fetchMenu(a.url);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await stripe?.close();
  });

  const refundRequests = (id: string): RecordedRequest[] =>
    stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds' && r.form['metadata[orderId]'] === id);

  async function voiceCardOrder(): Promise<{ id: string; reference: string }> {
    const body = orderBody(menu, {
      customerName: 'Grace Hopper',
      customerPhone: '+12065550123',
      fulfillment: 'pickup',
      paymentMethod: 'card',
      items: [{ menuItemId: menuItem(menu, 'Margherita Pizza').id, quantity: 1 }],
    });
    const { body: created } = await a.app.get(OrdersService).create(body, { channel: 'voice', voiceCallId: `call-${Math.random()}` });
    return { id: created.id, reference: created.payment.reference! };
  }

  const paidEvent = (id: string, reference: string, eventId: string) =>
    signedStripeEvent({
      id: eventId,
      type: 'checkout.session.completed',
      object: { id: reference, payment_status: 'paid', client_reference_id: id, metadata: { orderId: id } },
    });
  const deliver = (t: TestApp, e: { payload: string; signature: string }) =>
    request(t.url).post('/webhook/stripe').set('Content-Type', 'application/json').set('Stripe-Signature', e.signature).send(e.payload);
  const cancel = (t: TestApp, id: string) =>
    request(t.url).patch(`/api/orders/${id}/status`).set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({ status: 'cancelled' });

  async function expectOneRefund(ids: string[]): Promise<void> {
    for (const id of ids) await waitFor(`the refund of ${id}`, async () => refundRequests(id).length > 0, 15_000);
    // Both replicas sweep every 20 ms: give them many chances to ask twice.
    await new Promise((r) => setTimeout(r, 500));
    for (const id of ids) {
      expect(refundRequests(id)).toHaveLength(1);
      const [{ refund_status: refundStatus, n }] = await a.dataSource.query(
        `SELECT refund_status, (SELECT count(*)::int FROM order_history h WHERE h.order_id = o.id AND h.kind = 'refund' AND h.from_value IS NULL) AS n
           FROM orders o WHERE id = $1`,
        [id],
      );
      expect({ refundStatus, n }).toEqual({ refundStatus: 'requested', n: 1 });
    }
  }

  it('both replicas get the same payment event for a cancelled order at once: one refund', async () => {
    const orders = await Promise.all([1, 2, 3, 4].map(() => voiceCardOrder()));
    for (const o of orders) expect((await cancel(a, o.id)).status).toBe(200);
    const answers = await Promise.all(
      orders.flatMap((o) => {
        const e = paidEvent(o.id, o.reference, `evt_same_${o.id}`);
        return [deliver(a, e), deliver(b, e)];
      }),
    );
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
    await expectOneRefund(orders.map((o) => o.id));
  });

  it('the cancel reaches one replica while the payment reaches the other: one refund, whichever wins', async () => {
    const orders = await Promise.all([1, 2, 3, 4].map(() => voiceCardOrder()));
    const answers = await Promise.all(
      orders.flatMap((o, i) => {
        const [toCancel, toPay] = i % 2 ? [a, b] : [b, a];
        return [cancel(toCancel, o.id), deliver(toPay, paidEvent(o.id, o.reference, `evt_race_${o.id}`))];
      }),
    );
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
    await expectOneRefund(orders.map((o) => o.id));
  });
});
