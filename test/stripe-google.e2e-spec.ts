import { OrdersService } from '@/orders/orders.service.js';
import { api, type ApiClient, expectError, expectStatus } from './support/api.js';
import type { FakeHttpServer } from './support/fake-http.js';
import { createFakeGoogle, geocodeStatus, TEST_GOOGLE_KEY } from './support/fake-google.js';
import { createFakeStripe, stripeDriverEnv, signedStripeEvent, stripeError } from './support/fake-stripe.js';
import { waitFor } from './support/export-helpers.js';
import { addressAtKm } from './support/geo-points.js';
import { fetchMenu, menuItem, MenuRow, OrderBody, orderBody } from './support/orders.js';
import { deliverStripeEvent } from './support/stripe-webhook.js';
import { createTestApp, TestApp } from './support/test-app.js';

/**
 * The whole flow with the real adapters (stripe SDK, Google Maps SDK) pointed at loopback fakes through
 * STRIPE_API_URL and GOOGLE_MAPS_API_URL: what staging runs, minus the internet.
 */
describe('orders with the Stripe and Google adapters', () => {
  let t: TestApp;
  let stripe: FakeHttpServer;
  let google: FakeHttpServer;
  let menu: MenuRow[];
  /** The API as a customer's app calls it, and with the admin token. */
  let shop: ApiClient;
  let staff: ApiClient;

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
    shop = api(t.url);
    staff = api(t.url, { admin: true });
    menu = await fetchMenu(t.url);
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

  /** One Margherita delivered 2 km away, paid by card. */
  const order = (over: Partial<OrderBody> = {}): OrderBody =>
    orderBody(menu, {
      customerName: 'Ada Lovelace',
      customerPhone: '+12065550199',
      fulfillment: 'delivery',
      deliveryAddress: addressAtKm(2, '500 Pine St'),
      paymentMethod: 'card',
      items: [{ menuItemId: menuItem(menu, 'Margherita Pizza').id, quantity: 1 }],
      ...over,
    });
  const postOrder = (body: OrderBody, headers: { 'Idempotency-Key'?: string } = {}) =>
    shop.POST('/api/orders', { params: { header: headers }, body });
  const paymentStatusOf = async (id: string) =>
    (await expectStatus(shop.GET('/api/orders/{id}', { params: { path: { id } } }), 200)).paymentStatus;
  const countOrders = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM orders'))[0].n as number;
  const webhook = (e: { payload: string; signature: string }) => expectStatus(deliverStripeEvent(shop, e), 200);

  it('a card delivery order geocodes the address given now, creates a PaymentIntent for the total, and is paid by webhook', async () => {
    const placed = await expectStatus(postOrder(order()), 201);
    expect(google.requests.map((r) => r.query.get('address'))).toEqual([order().deliveryAddress]);
    expect(placed.delivery).toMatchObject({ formattedAddress: '500 Pine St, Seattle, WA, USA', zone: 'Downtown', distanceMeters: 2000 });
    expect(placed).toMatchObject({ totalCents: 1450 + 299 + 145, paymentStatus: 'pending' });
    expect(placed.payment).toMatchObject({ provider: 'stripe', clientSecret: expect.stringMatching(/^pi_fake_.*_secret_/) });
    expect(stripe.requests).toHaveLength(1);
    expect(stripe.requests[0].form).toMatchObject({ amount: '1894', currency: 'usd', 'metadata[orderId]': placed.id });
    expect(stripe.requests[0].headers['idempotency-key']).toBe(`order-${placed.id}-payment-intent`);

    const paid = signedStripeEvent({
      id: 'evt_real_1',
      type: 'payment_intent.succeeded',
      object: { id: placed.payment.reference, object: 'payment_intent', metadata: { orderId: placed.id } },
    });
    await webhook(paid);
    expect(await paymentStatusOf(placed.id)).toBe('paid');
  });

  it('replaying a card delivery order with the same Idempotency-Key answers the first order again without calling Stripe or Google', async () => {
    const key = 'replay-card-delivery-1';
    const ordersBefore = await countOrders();
    const first = await expectStatus(postOrder(order(), { 'Idempotency-Key': key }), 201);
    // The control: the first request did reach both vendors, so a replay that called them would be counted.
    expect(google.requests).toHaveLength(1);
    expect(stripe.requests).toHaveLength(1);

    const replays = [await postOrder(order(), { 'Idempotency-Key': key })];
    replays.push(...(await Promise.all([1, 2, 3].map(() => postOrder(order(), { 'Idempotency-Key': key })))));
    for (const replay of replays) {
      expect(replay.response.status).toBe(201);
      expect(replay.data).toMatchObject({ id: first.id, totalCents: first.totalCents });
      expect(replay.data?.payment).toEqual(first.payment);
    }
    expect(google.requests).toHaveLength(1);
    expect(stripe.requests).toHaveLength(1);
    expect(await countOrders()).toBe(ordersBefore + 1);
  });

  it('a cash order never calls Stripe', async () => {
    const placed = await expectStatus(postOrder(order({ paymentMethod: 'cash' })), 201);
    expect(placed.paymentStatus).toBe('unpaid');
    expect(stripe.requests).toHaveLength(0);
  });

  it('pickup never calls the geocoder nor charges a fee', async () => {
    const quote = await expectStatus(
      shop.POST('/api/orders/quote', { body: order({ fulfillment: 'pickup', deliveryAddress: undefined }) }),
      200,
    );
    expect(quote.deliveryFeeCents).toBe(0);
    expect(google.requests).toHaveLength(0);
  });

  it('Stripe down: 503 PAYMENT_UNAVAILABLE with a readable message, and no order row', async () => {
    const before = await countOrders();
    stripe.handler = () => ({ ...stripeError(500, 'api_error', 'Internal error'), headers: { 'stripe-should-retry': 'true' } });
    const error = await expectError(postOrder(order()), 503);
    expect(error).toMatchObject({ code: 'PAYMENT_UNAVAILABLE', message: expect.stringContaining('pay with cash') });
    stripe.handler = () => ({ body: {}, delayMs: 3000 });
    await expectError(postOrder(order()), 503);
    expect(await countOrders()).toBe(before);
  });

  it('Stripe refuses the request: 502 PAYMENT_UNAVAILABLE, never a 500', async () => {
    stripe.handler = () => stripeError(400, 'invalid_request_error', 'Amount must be at least $0.50 usd');
    const error = await expectError(postOrder(order()), 502);
    expect(error.code).toBe('PAYMENT_UNAVAILABLE');
  });

  it('address not found: 422 ADDRESS_NOT_FOUND, Stripe not called, nothing stored', async () => {
    const before = await countOrders();
    const error = await expectError(postOrder(order({ deliveryAddress: 'Nowhere Lane 99' })), 422);
    expect(error.code).toBe('ADDRESS_NOT_FOUND');
    expect(stripe.requests).toHaveLength(0);
    expect(await countOrders()).toBe(before);
  });

  it.each([
    ['denied', () => geocodeStatus('REQUEST_DENIED', 'API key not authorized')],
    ['over quota', () => geocodeStatus('OVER_QUERY_LIMIT')],
    ['timing out', () => ({ body: {}, delayMs: 3000 })],
  ])('geocoder %s: 503 GEO_UNAVAILABLE with a readable message', async (_name, handler) => {
    google.handler = handler;
    const quote = shop.POST('/api/orders/quote', { body: order() });
    expect(await expectError(quote, 503)).toMatchObject({ code: 'GEO_UNAVAILABLE', message: expect.stringContaining('try again') });
    expect((await quote).response.headers.get('retry-after')).toBe('5');
  });

  it('out of the delivery area with the real geocoder too', async () => {
    const error = await expectError(shop.POST('/api/orders/quote', { body: order({ deliveryAddress: addressAtKm(15) }) }), 422);
    expect(error.code).toBe('OUT_OF_DELIVERY_AREA');
  });

  it('a voice order gets a Stripe Checkout link; checkout.session.completed marks it paid', async () => {
    const { body } = await t.app.get(OrdersService).create(order(), { channel: 'voice', voiceCallId: 'call-9' });
    expect(body.payment.checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    expect(stripe.requests[0].path).toBe('/v1/checkout/sessions');
    expect(stripe.requests[0].form.success_url).toContain(body.id);
    const done = signedStripeEvent({
      id: 'evt_cs_real',
      type: 'checkout.session.completed',
      object: { id: body.payment.reference, payment_status: 'paid', client_reference_id: body.id, metadata: { orderId: body.id } },
    });
    await webhook(done);
    expect(await paymentStatusOf(body.id)).toBe('paid');
  });

  it('cancelling a paid order asks Stripe for a refund; charge.refunded then marks it refunded', async () => {
    const body = await expectStatus(postOrder(order()), 201);
    await webhook(
      signedStripeEvent({
        id: 'evt_pay_r',
        type: 'payment_intent.succeeded',
        object: { id: body.payment.reference, metadata: { orderId: body.id } },
      }),
    );
    stripe.reset();
    await expectStatus(staff.PATCH('/api/orders/{id}/status', { params: { path: { id: body.id } }, body: { status: 'cancelled' } }), 200);
    await waitFor('the refund request to Stripe', async () => stripe.requests.length > 0, 30_000);
    expect(stripe.requests[0]).toMatchObject({ path: '/v1/refunds', form: { payment_intent: body.payment.reference } });
    expect(await paymentStatusOf(body.id)).toBe('paid');
    await webhook(
      signedStripeEvent({
        id: 'evt_ref_r',
        type: 'charge.refunded',
        object: { id: 'ch_9', payment_intent: body.payment.reference, refunded: true, metadata: { orderId: body.id } },
      }),
    );
    expect(await paymentStatusOf(body.id)).toBe('refunded');
  });

  it('the development mock endpoints do not exist with the Stripe driver', async () => {
    const { id } = await expectStatus(postOrder(order({ paymentMethod: 'cash' })), 201);
    await expectError(staff.POST('/api/payments/mock/{orderId}/{outcome}', { params: { path: { orderId: id, outcome: 'pay' } } }), 404);
  });
});
