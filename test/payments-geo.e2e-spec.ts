import request from 'supertest';
import { OrdersService } from '@/orders/orders.service.js';
import { waitFor } from './support/export-helpers.js';
import { addressAtKm } from './support/geo-points.js';
import { signedStripeEvent, TEST_WEBHOOK_SECRET } from './support/fake-stripe.js';
import { ADMIN_TOKEN, createTestApp, TestApp } from './support/test-app.js';

/**
 * Delivery zones, fees and payments end to end with the development adapters (mock geocoder, mock gateway)
 * and signed Stripe webhooks, on the database the run selects (PGlite or PostgreSQL).
 */
describe('payments and delivery (mock adapters)', () => {
  let t: TestApp;
  let menu: Record<string, string>;
  const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

  beforeAll(async () => {
    t = await createTestApp({ env: { STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET } });
    const res = await request(t.url).get('/api/menu').expect(200);
    menu = Object.fromEntries(res.body.map((m: { name: string; id: string }) => [m.name, m.id]));
  });
  afterAll(() => t?.close());

  const order = (over: Record<string, unknown> = {}) => ({
    customerName: 'Grace Hopper',
    customerPhone: '+12065550142',
    fulfillment: 'delivery',
    deliveryAddress: addressAtKm(1),
    paymentMethod: 'card',
    items: [{ menuItemId: menu['Margherita Pizza'], quantity: 1 }],
    ...over,
  });
  const countOrders = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM orders'))[0].n as number;
  const paymentHistory = async (id: string) =>
    (await request(t.url).get(`/api/orders/${id}`).expect(200)).body.history.filter((h: { kind: string }) => h.kind === 'payment');

  describe('delivery quote', () => {
    it('prices the nearest zone: fee added, tax on the subtotal only', async () => {
      const res = await request(t.url).post('/api/orders/quote').send(order()).expect(200);
      expect(res.body).toMatchObject({ subtotalCents: 1450, deliveryFeeCents: 299, taxCents: 145, totalCents: 1894, currency: 'USD' });
      expect(res.body.delivery).toMatchObject({ zone: 'Downtown', formattedAddress: '100 Test Ave' });
      expect(res.body.delivery.distanceMeters).toBeGreaterThanOrEqual(999);
      expect(res.body.delivery.distanceMeters).toBeLessThanOrEqual(1001);
    });

    it('takes the fee and minimum of the first zone containing the address', async () => {
      const items = [{ menuItemId: menu['Lasagna Bolognese'], quantity: 2 }]; // 3500
      const mid = await request(t.url)
        .post('/api/orders/quote')
        .send(order({ deliveryAddress: addressAtKm(4.5), items }))
        .expect(200);
      expect(mid.body).toMatchObject({ deliveryFeeCents: 499, delivery: { zone: 'Neighborhood' } });
      const far = await request(t.url)
        .post('/api/orders/quote')
        .send(order({ deliveryAddress: addressAtKm(9.9), items }))
        .expect(200);
      expect(far.body).toMatchObject({ deliveryFeeCents: 799, totalCents: 3500 + 799 + 350, delivery: { zone: 'Outer' } });
    });

    it('any address without coordinates resolves inside the first zone (mock geocoder)', async () => {
      const res = await request(t.url)
        .post('/api/orders/quote')
        .send(order({ deliveryAddress: '221 Pine St, Seattle' }))
        .expect(200);
      expect(res.body.delivery.zone).toBe('Downtown');
    });

    it('pickup never pays a delivery fee', async () => {
      const res = await request(t.url)
        .post('/api/orders/quote')
        .send(order({ fulfillment: 'pickup', deliveryAddress: undefined }))
        .expect(200);
      expect(res.body).toMatchObject({ deliveryFeeCents: 0, totalCents: 1595, delivery: null });
    });

    it('refuses an address outside every zone (422 OUT_OF_DELIVERY_AREA) and stores nothing', async () => {
      const before = await countOrders();
      const res = await request(t.url)
        .post('/api/orders')
        .send(order({ deliveryAddress: addressAtKm(12) }))
        .expect(422);
      expect(res.body).toMatchObject({ code: 'OUT_OF_DELIVERY_AREA' });
      expect(res.body.message).toMatch(/12\.0 km .* up to 10\.0 km/);
      await request(t.url)
        .post('/api/orders/quote')
        .send(order({ deliveryAddress: addressAtKm(12) }))
        .expect(422);
      expect(await countOrders()).toBe(before);
    });

    it('refuses an order below the zone minimum, saying how much more (422 BELOW_MINIMUM_ORDER)', async () => {
      const before = await countOrders();
      const res = await request(t.url)
        .post('/api/orders')
        .send(order({ deliveryAddress: addressAtKm(4) }))
        .expect(422);
      expect(res.body).toMatchObject({ code: 'BELOW_MINIMUM_ORDER', minOrderCents: 2000, shortByCents: 550 });
      expect(res.body.message).toContain('$5.50 more');
      expect(await countOrders()).toBe(before);
    });
  });

  describe('orders and payments', () => {
    it('a card order is pending with a client secret and keeps the geocoded delivery', async () => {
      const res = await request(t.url).post('/api/orders').send(order()).expect(201);
      expect(res.body).toMatchObject({ paymentStatus: 'pending', paymentMethod: 'card', totalCents: 1894, deliveryFeeCents: 299 });
      expect(res.body.payment).toEqual({
        provider: 'mock',
        reference: expect.stringMatching(/^pi_mock_/),
        clientSecret: expect.stringMatching(/_secret_/),
      });
      const stored = await request(t.url).get(`/api/orders/${res.body.id}`).expect(200);
      expect(stored.body.delivery).toMatchObject({ formattedAddress: '100 Test Ave', zone: 'Downtown', distanceMeters: 1000 });
      expect(stored.body.delivery.lat).toBeCloseTo(47.6101, 4);
    });

    it('a cash order is unpaid and has no payment provider', async () => {
      const res = await request(t.url)
        .post('/api/orders')
        .send(order({ paymentMethod: 'cash' }))
        .expect(201);
      expect(res.body).toMatchObject({ paymentStatus: 'unpaid', payment: { provider: 'none', reference: null } });
    });

    it('a voice card order gets a checkout link', async () => {
      const orders = t.app.get(OrdersService);
      const { body } = await orders.create(order() as never, { channel: 'voice', voiceCallId: 'call-1' });
      expect(body.paymentStatus).toBe('pending');
      expect(body.payment.checkoutUrl).toMatch(/^https:\/\/checkout\.mock\.local\/pay\/cs_mock_/);
    });

    it('the development mock marks a card payment paid (admin token), once, and keeps it in the history', async () => {
      const { body } = await request(t.url).post('/api/orders').send(order()).expect(201);
      await request(t.url).post(`/api/payments/mock/${body.id}/pay`).expect(401);
      const paid = await request(t.url).post(`/api/payments/mock/${body.id}/pay`).set(admin).expect(200);
      expect(paid.body.paymentStatus).toBe('paid');
      expect(await paymentHistory(body.id)).toEqual([expect.objectContaining({ from: 'pending', to: 'paid', actor: 'mock-payments' })]);
      const again = await request(t.url).post(`/api/payments/mock/${body.id}/fail`).set(admin).expect(409);
      expect(again.body.message).toContain('payment is paid');
      const cash = await request(t.url)
        .post('/api/orders')
        .send(order({ paymentMethod: 'cash' }))
        .expect(201);
      await request(t.url).post(`/api/payments/mock/${cash.body.id}/pay`).set(admin).expect(409);
    });

    it('cancelling a paid order refunds it', async () => {
      const { body } = await request(t.url).post('/api/orders').send(order()).expect(201);
      await request(t.url).post(`/api/payments/mock/${body.id}/pay`).set(admin).expect(200);
      await request(t.url).patch(`/api/orders/${body.id}/status`).set(admin).send({ status: 'cancelled' }).expect(200);
      // The refund runs after the answer: wait for it (generously) instead of a fixed number of tries.
      await waitFor(
        'the refund',
        async () => (await request(t.url).get(`/api/orders/${body.id}`)).body.paymentStatus === 'refunded',
        30_000,
      );
    });
  });

  describe('POST /webhook/stripe', () => {
    const post = (payload: string, signature?: string) => {
      const req = request(t.url).post('/webhook/stripe').set('Content-Type', 'application/json');
      return (signature ? req.set('Stripe-Signature', signature) : req).send(payload);
    };
    const succeeded = (orderId: string, id = `evt_${Math.random().toString(36).slice(2)}`) =>
      signedStripeEvent({ id, type: 'payment_intent.succeeded', object: { id: 'pi_x', object: 'payment_intent', metadata: { orderId } } });

    it('refuses unsigned, badly signed and stale deliveries with 400 and changes nothing', async () => {
      const { body } = await request(t.url).post('/api/orders').send(order()).expect(201);
      const { payload } = succeeded(body.id);
      expect((await post(payload).expect(400)).body.code).toBe('WEBHOOK_SIGNATURE_INVALID');
      const wrongSecret = signedStripeEvent(
        { id: 'evt_w', type: 'payment_intent.succeeded', object: { metadata: { orderId: body.id } } },
        { secret: 'whsec_other' },
      );
      await post(wrongSecret.payload, wrongSecret.signature).expect(400);
      const good = succeeded(body.id);
      await post(good.payload.replace('"livemode":false', '"livemode":true'), good.signature).expect(400);
      const stale = signedStripeEvent(
        { id: 'evt_stale', type: 'payment_intent.succeeded', object: { metadata: { orderId: body.id } } },
        { timestamp: Math.floor(Date.now() / 1000) - 301 },
      );
      await post(stale.payload, stale.signature).expect(400);
      expect((await request(t.url).get(`/api/orders/${body.id}`)).body.paymentStatus).toBe('pending');
    });

    it('payment_intent.succeeded marks the order paid; a redelivery changes nothing', async () => {
      const { body } = await request(t.url).post('/api/orders').send(order()).expect(201);
      const event = succeeded(body.id, 'evt_paid_1');
      expect((await post(event.payload, event.signature).expect(200)).body).toEqual({
        received: true,
        eventId: 'evt_paid_1',
        outcome: 'applied',
      });
      expect((await post(event.payload, event.signature).expect(200)).body.outcome).toBe('duplicate');
      const history = await paymentHistory(body.id);
      expect(history).toEqual([expect.objectContaining({ from: 'pending', to: 'paid', actor: 'stripe' })]);
      expect(history[0].note).toContain('evt_paid_1');
      const rows = await t.dataSource.query(`SELECT outcome, order_id FROM payment_events WHERE event_id = 'evt_paid_1'`);
      expect(rows).toEqual([{ outcome: 'applied', order_id: body.id }]);
    });

    it('the same event delivered concurrently applies once', async () => {
      const { body } = await request(t.url).post('/api/orders').send(order()).expect(201);
      const event = succeeded(body.id, 'evt_concurrent');
      const replies = await Promise.all(Array.from({ length: 6 }, () => post(event.payload, event.signature)));
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(replies.filter((r) => r.body.outcome === 'applied')).toHaveLength(1);
      expect(await paymentHistory(body.id)).toHaveLength(1);
    });

    it('a late failure does not undo a payment; a full refund found by PaymentIntent id marks it refunded', async () => {
      const { body } = await request(t.url).post('/api/orders').send(order()).expect(201);
      const paid = succeeded(body.id);
      await post(paid.payload, paid.signature).expect(200);
      const failed = signedStripeEvent({
        id: 'evt_late_fail',
        type: 'payment_intent.payment_failed',
        object: { id: body.payment.reference, metadata: { orderId: body.id } },
      });
      expect((await post(failed.payload, failed.signature).expect(200)).body.outcome).toBe('unchanged');
      const partial = signedStripeEvent({
        id: 'evt_partial',
        type: 'charge.refunded',
        object: { id: 'ch_1', payment_intent: body.payment.reference, refunded: false, metadata: {} },
      });
      expect((await post(partial.payload, partial.signature).expect(200)).body.outcome).toBe('ignored');
      const full = signedStripeEvent({
        id: 'evt_refund',
        type: 'charge.refunded',
        object: { id: 'ch_1', payment_intent: body.payment.reference, refunded: true, metadata: {} },
      });
      expect((await post(full.payload, full.signature).expect(200)).body.outcome).toBe('applied');
      const after = await request(t.url).get(`/api/orders/${body.id}`).expect(200);
      expect(after.body.paymentStatus).toBe('refunded');
      expect(after.body.history.filter((h: { kind: string }) => h.kind === 'payment').map((h: { to: string }) => h.to)).toEqual([
        'paid',
        'refunded',
      ]);
    });

    it('payment_failed and canceled mark a pending order failed; a later success still wins', async () => {
      const { body } = await request(t.url).post('/api/orders').send(order()).expect(201);
      const failed = signedStripeEvent({
        id: 'evt_f1',
        type: 'payment_intent.payment_failed',
        object: { id: 'pi', metadata: { orderId: body.id }, last_payment_error: { message: 'Your card was declined.' } },
      });
      await post(failed.payload, failed.signature).expect(200);
      const after = await request(t.url).get(`/api/orders/${body.id}`).expect(200);
      expect(after.body.paymentStatus).toBe('failed');
      expect(after.body.history.at(-1).note).toContain('Your card was declined.');
      const paid = succeeded(body.id);
      await post(paid.payload, paid.signature).expect(200);
      expect((await request(t.url).get(`/api/orders/${body.id}`)).body.paymentStatus).toBe('paid');

      const other = await request(t.url).post('/api/orders').send(order()).expect(201);
      const canceled = signedStripeEvent({
        id: 'evt_c1',
        type: 'payment_intent.canceled',
        object: { id: 'pi', metadata: { orderId: other.body.id }, cancellation_reason: 'abandoned' },
      });
      await post(canceled.payload, canceled.signature).expect(200);
      expect((await request(t.url).get(`/api/orders/${other.body.id}`)).body.paymentStatus).toBe('failed');
    });

    it('checkout.session.completed marks a voice order paid', async () => {
      const { body } = await t.app.get(OrdersService).create(order() as never, { channel: 'voice' });
      const event = signedStripeEvent({
        id: 'evt_cs',
        type: 'checkout.session.completed',
        object: { id: body.payment.reference, payment_status: 'paid', client_reference_id: body.id, metadata: {} },
      });
      expect((await post(event.payload, event.signature).expect(200)).body.outcome).toBe('applied');
      expect((await request(t.url).get(`/api/orders/${body.id}`)).body.paymentStatus).toBe('paid');
    });

    it('acknowledges event types it does not handle, and events for unknown orders, with 2xx', async () => {
      const other = signedStripeEvent({ id: 'evt_customer', type: 'customer.created', object: { id: 'cus_1' } });
      expect((await post(other.payload, other.signature).expect(200)).body.outcome).toBe('ignored');
      const unknown = signedStripeEvent({
        id: 'evt_unknown',
        type: 'payment_intent.succeeded',
        object: { id: 'pi_elsewhere', metadata: {} },
      });
      expect((await post(unknown.payload, unknown.signature).expect(200)).body.outcome).toBe('ignored');
      const missing = succeeded('6f1c2d3e-0000-4000-8000-000000000000');
      expect((await post(missing.payload, missing.signature).expect(200)).body.outcome).toBe('ignored');
    });
  });
});
