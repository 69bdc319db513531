import request from 'supertest';
import { OrdersService } from '@/orders/orders.service.js';
import type { FakeHttpServer } from './support/fake-http.js';
import { createFakeGoogle, geocodeStatus, TEST_GOOGLE_KEY } from './support/fake-google.js';
import { createFakeStripe, stripeDriverEnv, signedStripeEvent, stripeError } from './support/fake-stripe.js';
import { waitFor } from './support/export-helpers.js';
import { addressAtKm } from './support/geo-points.js';
import { ADMIN_TOKEN, createTestApp, TestApp } from './support/test-app.js';

/**
 * The whole flow with the real adapters (stripe SDK, Google Maps SDK) pointed at loopback fakes through
 * STRIPE_API_URL and GOOGLE_MAPS_API_URL: what staging runs, minus the internet.
 */
describe('orders with the Stripe and Google adapters', () => {
  let t: TestApp;
  let stripe: FakeHttpServer;
  let google: FakeHttpServer;
  let margherita: string;
  const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

  beforeAll(async () => {
    stripe = await createFakeStripe();
    google = await createFakeGoogle();
    t = await createTestApp({
      env: {
        ...stripeDriverEnv(stripe, 300),
        GEO_DRIVER: 'google',
        GOOGLE_MAPS_API_KEY: TEST_GOOGLE_KEY,
        GOOGLE_MAPS_API_URL: google.url,
        GEO_TIMEOUT_MS: '300',
      },
    });
    margherita = (await request(t.url).get('/api/menu').expect(200)).body.find((m: { name: string }) => m.name === 'Margherita Pizza').id;
  });
  afterAll(async () => {
    await t?.close();
    await stripe?.close();
    await google?.close();
  });
  beforeEach(() => {
    stripe.reset();
    google.reset();
  });

  const order = (over: Record<string, unknown> = {}) => ({
    customerName: 'Ada Lovelace',
    customerPhone: '+12065550199',
    fulfillment: 'delivery',
    deliveryAddress: addressAtKm(2, '500 Pine St'),
    paymentMethod: 'card',
    items: [{ menuItemId: margherita, quantity: 1 }],
    ...over,
  });
  const countOrders = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM orders'))[0].n as number;
  const webhook = (e: { payload: string; signature: string }) =>
    request(t.url).post('/webhook/stripe').set('Content-Type', 'application/json').set('Stripe-Signature', e.signature).send(e.payload);

  it('a card delivery order geocodes the address given now, creates a PaymentIntent for the total, and is paid by webhook', async () => {
    const res = await request(t.url).post('/api/orders').send(order()).expect(201);
    expect(google.requests.map((r) => r.query.get('address'))).toEqual([order().deliveryAddress]);
    expect(res.body.delivery).toMatchObject({ formattedAddress: '500 Pine St, Seattle, WA, USA', zone: 'Downtown', distanceMeters: 2000 });
    expect(res.body).toMatchObject({ totalCents: 1450 + 299 + 145, paymentStatus: 'pending' });
    expect(res.body.payment).toMatchObject({ provider: 'stripe', clientSecret: expect.stringMatching(/^pi_fake_.*_secret_/) });
    expect(stripe.requests).toHaveLength(1);
    expect(stripe.requests[0].form).toMatchObject({ amount: '1894', currency: 'usd', 'metadata[orderId]': res.body.id });
    expect(stripe.requests[0].headers['idempotency-key']).toBe(`order-${res.body.id}-payment-intent`);

    const paid = signedStripeEvent({
      id: 'evt_real_1',
      type: 'payment_intent.succeeded',
      object: { id: res.body.payment.reference, object: 'payment_intent', metadata: { orderId: res.body.id } },
    });
    await webhook(paid).expect(200);
    expect((await request(t.url).get(`/api/orders/${res.body.id}`)).body.paymentStatus).toBe('paid');
  });

  it('replaying a card delivery order with the same Idempotency-Key answers the first order again without calling Stripe or Google', async () => {
    const key = 'replay-card-delivery-1';
    const ordersBefore = await countOrders();
    const first = await request(t.url).post('/api/orders').set('Idempotency-Key', key).send(order()).expect(201);
    // The control: the first request did reach both vendors, so a replay that called them would be counted.
    expect(google.requests).toHaveLength(1);
    expect(stripe.requests).toHaveLength(1);

    const replays = [await request(t.url).post('/api/orders').set('Idempotency-Key', key).send(order())];
    replays.push(...(await Promise.all([1, 2, 3].map(() => request(t.url).post('/api/orders').set('Idempotency-Key', key).send(order())))));
    for (const replay of replays) {
      expect(replay.status).toBe(201);
      expect(replay.body).toMatchObject({ id: first.body.id, totalCents: first.body.totalCents });
      expect(replay.body.payment).toEqual(first.body.payment);
    }
    expect(google.requests).toHaveLength(1);
    expect(stripe.requests).toHaveLength(1);
    expect(await countOrders()).toBe(ordersBefore + 1);
  });

  it('a cash order never calls Stripe', async () => {
    const res = await request(t.url)
      .post('/api/orders')
      .send(order({ paymentMethod: 'cash' }))
      .expect(201);
    expect(res.body.paymentStatus).toBe('unpaid');
    expect(stripe.requests).toHaveLength(0);
  });

  it('pickup never calls the geocoder nor charges a fee', async () => {
    const res = await request(t.url)
      .post('/api/orders/quote')
      .send(order({ fulfillment: 'pickup', deliveryAddress: undefined }))
      .expect(200);
    expect(res.body.deliveryFeeCents).toBe(0);
    expect(google.requests).toHaveLength(0);
  });

  it('Stripe down: 503 PAYMENT_UNAVAILABLE with a readable message, and no order row', async () => {
    const before = await countOrders();
    stripe.handler = () => ({ ...stripeError(500, 'api_error', 'Internal error'), headers: { 'stripe-should-retry': 'true' } });
    const res = await request(t.url).post('/api/orders').send(order()).expect(503);
    expect(res.body).toMatchObject({ code: 'PAYMENT_UNAVAILABLE', message: expect.stringContaining('pay with cash') });
    stripe.handler = () => ({ body: {}, delayMs: 3000 });
    await request(t.url).post('/api/orders').send(order()).expect(503);
    expect(await countOrders()).toBe(before);
  });

  it('Stripe refuses the request: 502 PAYMENT_UNAVAILABLE, never a 500', async () => {
    stripe.handler = () => stripeError(400, 'invalid_request_error', 'Amount must be at least $0.50 usd');
    const res = await request(t.url).post('/api/orders').send(order()).expect(502);
    expect(res.body.code).toBe('PAYMENT_UNAVAILABLE');
  });

  it('address not found: 422 ADDRESS_NOT_FOUND, Stripe not called, nothing stored', async () => {
    const before = await countOrders();
    const res = await request(t.url)
      .post('/api/orders')
      .send(order({ deliveryAddress: 'Nowhere Lane 99' }))
      .expect(422);
    expect(res.body.code).toBe('ADDRESS_NOT_FOUND');
    expect(stripe.requests).toHaveLength(0);
    expect(await countOrders()).toBe(before);
  });

  it.each([
    ['denied', () => geocodeStatus('REQUEST_DENIED', 'API key not authorized')],
    ['over quota', () => geocodeStatus('OVER_QUERY_LIMIT')],
    ['timing out', () => ({ body: {}, delayMs: 3000 })],
  ])('geocoder %s: 503 GEO_UNAVAILABLE with a readable message', async (_name, handler) => {
    google.handler = handler;
    const res = await request(t.url).post('/api/orders/quote').send(order()).expect(503);
    expect(res.body).toMatchObject({ code: 'GEO_UNAVAILABLE', message: expect.stringContaining('try again') });
    expect(res.headers['retry-after']).toBe('5');
  });

  it('out of the delivery area with the real geocoder too', async () => {
    const res = await request(t.url)
      .post('/api/orders/quote')
      .send(order({ deliveryAddress: addressAtKm(15) }))
      .expect(422);
    expect(res.body.code).toBe('OUT_OF_DELIVERY_AREA');
  });

  it('a voice order gets a Stripe Checkout link; checkout.session.completed marks it paid', async () => {
    const { body } = await t.app.get(OrdersService).create(order() as never, { channel: 'voice', voiceCallId: 'call-9' });
    expect(body.payment.checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    expect(stripe.requests[0].path).toBe('/v1/checkout/sessions');
    expect(stripe.requests[0].form.success_url).toContain(body.id);
    const done = signedStripeEvent({
      id: 'evt_cs_real',
      type: 'checkout.session.completed',
      object: { id: body.payment.reference, payment_status: 'paid', client_reference_id: body.id, metadata: { orderId: body.id } },
    });
    await webhook(done).expect(200);
    expect((await request(t.url).get(`/api/orders/${body.id}`)).body.paymentStatus).toBe('paid');
  });

  it('cancelling a paid order asks Stripe for a refund; charge.refunded then marks it refunded', async () => {
    const { body } = await request(t.url).post('/api/orders').send(order()).expect(201);
    await webhook(
      signedStripeEvent({
        id: 'evt_pay_r',
        type: 'payment_intent.succeeded',
        object: { id: body.payment.reference, metadata: { orderId: body.id } },
      }),
    ).expect(200);
    stripe.reset();
    await request(t.url).patch(`/api/orders/${body.id}/status`).set(admin).send({ status: 'cancelled' }).expect(200);
    await waitFor('the refund request to Stripe', async () => stripe.requests.length > 0, 30_000);
    expect(stripe.requests[0]).toMatchObject({ path: '/v1/refunds', form: { payment_intent: body.payment.reference } });
    expect((await request(t.url).get(`/api/orders/${body.id}`)).body.paymentStatus).toBe('paid');
    await webhook(
      signedStripeEvent({
        id: 'evt_ref_r',
        type: 'charge.refunded',
        object: { id: 'ch_9', payment_intent: body.payment.reference, refunded: true, metadata: { orderId: body.id } },
      }),
    ).expect(200);
    expect((await request(t.url).get(`/api/orders/${body.id}`)).body.paymentStatus).toBe('refunded');
  });

  it('the development mock endpoints do not exist with the Stripe driver', async () => {
    const { body } = await request(t.url)
      .post('/api/orders')
      .send(order({ paymentMethod: 'cash' }))
      .expect(201);
    await request(t.url).post(`/api/payments/mock/${body.id}/pay`).set(admin).expect(404);
  });
});
