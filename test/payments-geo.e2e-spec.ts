import request from 'supertest';
import { OrdersService } from '@/orders/orders.service.js';
import { api, type ApiClient, expectError, expectStatus } from './support/api.js';
import { waitFor } from './support/export-helpers.js';
import { addressAtKm } from './support/geo-points.js';
import { signedStripeEvent, TEST_WEBHOOK_SECRET } from './support/fake-stripe.js';
import { fetchMenu, menuItem, MenuRow, OrderBody, orderBody } from './support/orders.js';
import { deliverStripeEvent } from './support/stripe-webhook.js';
import { createTestApp, TestApp } from './support/test-app.js';

/**
 * Delivery zones, fees and payments end to end with the development adapters (mock geocoder, mock gateway)
 * and signed Stripe webhooks, on the database the run selects (PGlite or PostgreSQL).
 */
describe('payments and delivery (mock adapters)', () => {
  let t: TestApp;
  let menu: MenuRow[];
  /** The API as a customer's app calls it, and with the admin token. */
  let shop: ApiClient;
  let staff: ApiClient;

  beforeAll(async () => {
    t = await createTestApp({ env: { STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET } });
    shop = api(t.url);
    staff = api(t.url, { admin: true });
    menu = await fetchMenu(t.url);
  });
  afterAll(() => t?.close());

  /** One Margherita (14.50) delivered 1 km away, paid by card. */
  const order = (over: Partial<OrderBody> = {}): OrderBody =>
    orderBody(menu, {
      fulfillment: 'delivery',
      deliveryAddress: addressAtKm(1),
      paymentMethod: 'card',
      items: [{ menuItemId: menuItem(menu, 'Margherita Pizza').id, quantity: 1 }],
      ...over,
    });
  const place = (body: OrderBody) => expectStatus(shop.POST('/api/orders', { body }), 201);
  const getOrder = (id: string) => expectStatus(shop.GET('/api/orders/{id}', { params: { path: { id } } }), 200);
  const settle = (client: ApiClient, orderId: string, outcome: 'pay' | 'fail' | 'expire') =>
    client.POST('/api/payments/mock/{orderId}/{outcome}', { params: { path: { orderId, outcome } } });
  const countOrders = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM orders'))[0].n as number;
  const paymentHistory = async (id: string) => ((await getOrder(id)).history ?? []).filter((h) => h.kind === 'payment');

  describe('delivery quote', () => {
    it('prices the nearest zone: fee added, tax on the subtotal only', async () => {
      const quote = await expectStatus(shop.POST('/api/orders/quote', { body: order() }), 200);
      expect(quote).toMatchObject({ subtotalCents: 1450, deliveryFeeCents: 299, taxCents: 145, totalCents: 1894, currency: 'USD' });
      expect(quote.delivery).toMatchObject({ zone: 'Downtown', formattedAddress: '100 Test Ave' });
      expect(quote.delivery?.distanceMeters).toBeGreaterThanOrEqual(999);
      expect(quote.delivery?.distanceMeters).toBeLessThanOrEqual(1001);
    });

    it('takes the fee and minimum of the first zone containing the address', async () => {
      const items = [{ menuItemId: menuItem(menu, 'Lasagna Bolognese').id, quantity: 2 }]; // 3500
      const mid = await expectStatus(shop.POST('/api/orders/quote', { body: order({ deliveryAddress: addressAtKm(4.5), items }) }), 200);
      expect(mid).toMatchObject({ deliveryFeeCents: 499, delivery: { zone: 'Neighborhood' } });
      const far = await expectStatus(shop.POST('/api/orders/quote', { body: order({ deliveryAddress: addressAtKm(9.9), items }) }), 200);
      expect(far).toMatchObject({ deliveryFeeCents: 799, totalCents: 3500 + 799 + 350, delivery: { zone: 'Outer' } });
    });

    it('any address without coordinates resolves inside the first zone (mock geocoder)', async () => {
      const quote = await expectStatus(shop.POST('/api/orders/quote', { body: order({ deliveryAddress: '221 Pine St, Seattle' }) }), 200);
      expect(quote.delivery?.zone).toBe('Downtown');
    });

    it('pickup never pays a delivery fee', async () => {
      const quote = await expectStatus(
        shop.POST('/api/orders/quote', { body: order({ fulfillment: 'pickup', deliveryAddress: undefined }) }),
        200,
      );
      expect(quote).toMatchObject({ deliveryFeeCents: 0, totalCents: 1595, delivery: null });
    });

    it('refuses an address outside every zone (422 OUT_OF_DELIVERY_AREA) and stores nothing', async () => {
      const before = await countOrders();
      const error = await expectError(shop.POST('/api/orders', { body: order({ deliveryAddress: addressAtKm(12) }) }), 422);
      expect(error).toMatchObject({ code: 'OUT_OF_DELIVERY_AREA' });
      expect(error.message).toMatch(/12\.0 km .* up to 10\.0 km/);
      await expectError(shop.POST('/api/orders/quote', { body: order({ deliveryAddress: addressAtKm(12) }) }), 422);
      expect(await countOrders()).toBe(before);
    });

    it('refuses an order below the zone minimum, saying how much more (422 BELOW_MINIMUM_ORDER)', async () => {
      const before = await countOrders();
      const error = await expectError(shop.POST('/api/orders', { body: order({ deliveryAddress: addressAtKm(4) }) }), 422);
      expect(error).toMatchObject({ code: 'BELOW_MINIMUM_ORDER', minOrderCents: 2000, shortByCents: 550 });
      expect(error.message).toContain('$5.50 more');
      expect(await countOrders()).toBe(before);
    });
  });

  describe('orders and payments', () => {
    it('a card order is pending with a client secret and keeps the geocoded delivery', async () => {
      const placed = await place(order());
      expect(placed).toMatchObject({ paymentStatus: 'pending', paymentMethod: 'card', totalCents: 1894, deliveryFeeCents: 299 });
      expect(placed.payment).toEqual({
        provider: 'mock',
        reference: expect.stringMatching(/^pi_mock_/),
        clientSecret: expect.stringMatching(/_secret_/),
      });
      const stored = await getOrder(placed.id);
      expect(stored.delivery).toMatchObject({ formattedAddress: '100 Test Ave', zone: 'Downtown', distanceMeters: 1000 });
      expect(stored.delivery?.lat).toBeCloseTo(47.6101, 4);
    });

    it('a cash order is unpaid and has no payment provider', async () => {
      const placed = await place(order({ paymentMethod: 'cash' }));
      expect(placed).toMatchObject({ paymentStatus: 'unpaid', payment: { provider: 'none', reference: null } });
    });

    it('a voice card order gets a checkout link', async () => {
      const orders = t.app.get(OrdersService);
      const { body } = await orders.create(order(), { channel: 'voice', voiceCallId: 'call-1' });
      expect(body.paymentStatus).toBe('pending');
      expect(body.payment.checkoutUrl).toMatch(/^https:\/\/checkout\.mock\.local\/pay\/cs_mock_/);
    });

    it('the development mock marks a card payment paid (admin token), once, and keeps it in the history', async () => {
      const { id } = await place(order());
      await expectError(settle(shop, id, 'pay'), 401);
      const paid = await expectStatus(settle(staff, id, 'pay'), 200);
      expect(paid.paymentStatus).toBe('paid');
      expect(await paymentHistory(id)).toEqual([expect.objectContaining({ from: 'pending', to: 'paid', actor: 'mock-payments' })]);
      const again = await expectError(settle(staff, id, 'fail'), 409);
      expect(again.message).toContain('payment is paid');
      const cash = await place(order({ paymentMethod: 'cash' }));
      await expectError(settle(staff, cash.id, 'pay'), 409);
    });

    it('the development mock expires an unpaid payment link like Stripe: payment failed, order cancelled off the board; a paid order stays', async () => {
      const { body } = await t.app.get(OrdersService).create(order(), { channel: 'voice', voiceCallId: 'call-expire' });
      const expired = await expectStatus(settle(staff, body.id, 'expire'), 200);
      expect(expired).toMatchObject({ status: 'cancelled', paymentStatus: 'failed', refund: null });
      expect(expired.history).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'payment',
            from: 'pending',
            to: 'failed',
            actor: 'mock-payments',
            note: 'Mock payment link expired unpaid',
          }),
          expect.objectContaining({ kind: 'status', from: 'received', to: 'cancelled', actor: 'mock-payments' }),
        ]),
      );
      // Again: nothing more happens.
      expect(await expectStatus(settle(staff, body.id, 'expire'), 200)).toMatchObject({ status: 'cancelled', paymentStatus: 'failed' });
      const paid = await place(order());
      await expectStatus(settle(staff, paid.id, 'pay'), 200);
      await expectError(settle(staff, paid.id, 'expire'), 409);
      expect((await getOrder(paid.id)).status).toBe('received');
    });

    it('cancelling a paid order refunds it', async () => {
      const { id } = await place(order());
      await expectStatus(settle(staff, id, 'pay'), 200);
      await expectStatus(staff.PATCH('/api/orders/{id}/status', { params: { path: { id } }, body: { status: 'cancelled' } }), 200);
      // The refund runs after the answer: wait for it (generously) instead of a fixed number of tries.
      await waitFor('the refund', async () => (await getOrder(id)).paymentStatus === 'refunded', 30_000);
    });
  });

  describe('POST /webhook/stripe', () => {
    /** Forged, stale or tampered deliveries: off the contract on purpose, so the raw request (signed ones: deliver). */
    const post = (payload: string, signature?: string) => {
      const req = request(t.url).post('/webhook/stripe').set('Content-Type', 'application/json');
      return (signature ? req.set('Stripe-Signature', signature) : req).send(payload);
    };
    const deliver = (event: { payload: string; signature: string }) => deliverStripeEvent(shop, event);
    const outcomeOf = async (event: { payload: string; signature: string }) => (await expectStatus(deliver(event), 200)).outcome;
    const succeeded = (orderId: string, id = `evt_${Math.random().toString(36).slice(2)}`) =>
      signedStripeEvent({ id, type: 'payment_intent.succeeded', object: { id: 'pi_x', object: 'payment_intent', metadata: { orderId } } });

    it('refuses unsigned, badly signed and stale deliveries with 400 and changes nothing', async () => {
      const body = await place(order());
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
      expect((await getOrder(body.id)).paymentStatus).toBe('pending');
    });

    it('payment_intent.succeeded marks the order paid; a redelivery changes nothing', async () => {
      const body = await place(order());
      const event = succeeded(body.id, 'evt_paid_1');
      expect(await expectStatus(deliver(event), 200)).toEqual({
        received: true,
        eventId: 'evt_paid_1',
        outcome: 'applied',
      });
      expect(await outcomeOf(event)).toBe('duplicate');
      const history = await paymentHistory(body.id);
      expect(history).toEqual([expect.objectContaining({ from: 'pending', to: 'paid', actor: 'stripe' })]);
      expect(history[0].note).toContain('evt_paid_1');
      const rows = await t.dataSource.query(`SELECT outcome, order_id FROM payment_events WHERE event_id = 'evt_paid_1'`);
      expect(rows).toEqual([{ outcome: 'applied', order_id: body.id }]);
    });

    it('the same event delivered concurrently applies once', async () => {
      const body = await place(order());
      const event = succeeded(body.id, 'evt_concurrent');
      const replies = await Promise.all(Array.from({ length: 6 }, () => deliver(event)));
      expect(replies.map((r) => r.response.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(replies.filter((r) => r.data?.outcome === 'applied')).toHaveLength(1);
      expect(await paymentHistory(body.id)).toHaveLength(1);
    });

    it('a late failure does not undo a payment; a full refund found by PaymentIntent id marks it refunded', async () => {
      const body = await place(order());
      const paid = succeeded(body.id);
      await expectStatus(deliver(paid), 200);
      const failed = signedStripeEvent({
        id: 'evt_late_fail',
        type: 'payment_intent.payment_failed',
        object: { id: body.payment.reference, metadata: { orderId: body.id } },
      });
      expect(await outcomeOf(failed)).toBe('unchanged');
      const partial = signedStripeEvent({
        id: 'evt_partial',
        type: 'charge.refunded',
        object: { id: 'ch_1', payment_intent: body.payment.reference, refunded: false, metadata: {} },
      });
      expect(await outcomeOf(partial)).toBe('ignored');
      const full = signedStripeEvent({
        id: 'evt_refund',
        type: 'charge.refunded',
        object: { id: 'ch_1', payment_intent: body.payment.reference, refunded: true, metadata: {} },
      });
      expect(await outcomeOf(full)).toBe('applied');
      const after = await getOrder(body.id);
      expect(after.paymentStatus).toBe('refunded');
      expect((await paymentHistory(body.id)).map((h) => h.to)).toEqual(['paid', 'refunded']);
    });

    it('payment_failed and canceled mark a pending order failed; a later success still wins', async () => {
      const body = await place(order());
      const failed = signedStripeEvent({
        id: 'evt_f1',
        type: 'payment_intent.payment_failed',
        object: { id: 'pi', metadata: { orderId: body.id }, last_payment_error: { message: 'Your card was declined.' } },
      });
      await expectStatus(deliver(failed), 200);
      const after = await getOrder(body.id);
      expect(after.paymentStatus).toBe('failed');
      expect((await paymentHistory(body.id)).at(-1)?.note).toContain('Your card was declined.');
      const paid = succeeded(body.id);
      await expectStatus(deliver(paid), 200);
      expect((await getOrder(body.id)).paymentStatus).toBe('paid');

      const other = await place(order());
      const canceled = signedStripeEvent({
        id: 'evt_c1',
        type: 'payment_intent.canceled',
        object: { id: 'pi', metadata: { orderId: other.id }, cancellation_reason: 'abandoned' },
      });
      await expectStatus(deliver(canceled), 200);
      expect((await getOrder(other.id)).paymentStatus).toBe('failed');
    });

    it('checkout.session.completed marks a voice order paid', async () => {
      const { body } = await t.app.get(OrdersService).create(order(), { channel: 'voice' });
      const event = signedStripeEvent({
        id: 'evt_cs',
        type: 'checkout.session.completed',
        object: { id: body.payment.reference, payment_status: 'paid', client_reference_id: body.id, metadata: {} },
      });
      expect(await outcomeOf(event)).toBe('applied');
      expect((await getOrder(body.id)).paymentStatus).toBe('paid');
    });

    it('acknowledges event types it does not handle, and events for unknown orders, with 2xx', async () => {
      const other = signedStripeEvent({ id: 'evt_customer', type: 'customer.created', object: { id: 'cus_1' } });
      expect(await outcomeOf(other)).toBe('ignored');
      const unknown = signedStripeEvent({
        id: 'evt_unknown',
        type: 'payment_intent.succeeded',
        object: { id: 'pi_elsewhere', metadata: {} },
      });
      expect(await outcomeOf(unknown)).toBe('ignored');
      const missing = succeeded('6f1c2d3e-0000-4000-8000-000000000000');
      expect(await outcomeOf(missing)).toBe('ignored');
    });
  });
});
