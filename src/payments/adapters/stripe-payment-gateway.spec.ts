import { DomainError } from '@/common/domain-error.js';
import { toErrorBody } from '@/common/http-exception.filter.js';
import { parseApiUrl } from '@/config/payments.config.js';
import { FakeHttpServer } from '../../../test/support/fake-http.js';
import { createFakeStripe, stripeError, TEST_STRIPE_KEY } from '../../../test/support/fake-stripe.js';
import { RefundFailure } from '../payment-gateway.js';
import type { PaymentRequest } from '../payment-gateway.js';
import { STRIPE_API_VERSION, StripePaymentGateway } from './stripe-payment-gateway.js';

/** The code and status a client gets for this error. */
function answer(err: DomainError): [string | undefined, number] {
  const body = toErrorBody(err);
  return [body.code, body.statusCode];
}

const ORDER_ID = '0b7e3f4c-9a55-4d2a-8c6e-0f1c2d3e4f50';
const request = (over: Partial<PaymentRequest> = {}): PaymentRequest => ({
  orderId: ORDER_ID,
  orderNumber: 'A-1042',
  amountCents: 3460,
  currency: 'USD',
  channel: 'web',
  customerPhone: '+12065550142',
  description: 'Test Trattoria order A-1042',
  ...over,
});

describe('StripePaymentGateway (real stripe SDK against a loopback fake of the Stripe API)', () => {
  let stripe: FakeHttpServer;
  let gateway: StripePaymentGateway;

  beforeAll(async () => {
    stripe = await createFakeStripe();
    gateway = new StripePaymentGateway({
      config: { stripeSecretKey: TEST_STRIPE_KEY, stripeApi: parseApiUrl(stripe.url), stripeTimeoutMs: 300, paymentExpiryMinutes: 45 },
      successUrl: 'https://shop.example/orders/{ORDER_ID}/paid',
      now: () => new Date('2026-12-03T18:00:00Z'),
    });
  });
  afterAll(() => stripe.close());
  beforeEach(() => stripe.reset());

  async function failure(p: Promise<unknown>): Promise<DomainError> {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DomainError);
    return err as DomainError;
  }

  it('creates a PaymentIntent for the total in minor units, lower-case currency, order metadata and an idempotency key', async () => {
    const start = await gateway.startPayment(request());
    expect(start).toEqual({
      provider: 'stripe',
      reference: 'pi_fake_0b7e3f4c9a554d2a',
      clientSecret: 'pi_fake_0b7e3f4c9a554d2a_secret_abc',
    });
    const [req] = stripe.requests;
    expect(req.path).toBe('/v1/payment_intents');
    expect(req.headers.authorization).toBe(`Bearer ${TEST_STRIPE_KEY}`);
    expect(req.headers['stripe-version']).toBe(STRIPE_API_VERSION);
    expect(req.headers['idempotency-key']).toBe(`order-${ORDER_ID}-payment-intent`);
    expect(req.form).toMatchObject({
      amount: '3460',
      currency: 'usd',
      'metadata[orderId]': ORDER_ID,
      'metadata[orderNumber]': 'A-1042',
      'automatic_payment_methods[enabled]': 'true',
    });
  });

  it('sends zero-decimal currencies in whole units', async () => {
    await gateway.startPayment(request({ amountCents: 1500, currency: 'JPY' }));
    expect(stripe.requests[0].form).toMatchObject({ amount: '1500', currency: 'jpy' });
  });

  it('gives voice orders a Checkout Session link whose PaymentIntent carries the order id', async () => {
    const start = await gateway.startPayment(request({ channel: 'voice' }));
    expect(start.checkoutUrl).toBe('https://checkout.stripe.com/c/pay/cs_test_fake_0b7e3f4c9a554d2a');
    expect(start.reference).toBe('cs_test_fake_0b7e3f4c9a554d2a');
    const [req] = stripe.requests;
    expect(req.path).toBe('/v1/checkout/sessions');
    expect(req.headers['idempotency-key']).toBe(`order-${ORDER_ID}-checkout`);
    expect(req.form).toMatchObject({
      mode: 'payment',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][unit_amount]': '3460',
      'line_items[0][price_data][currency]': 'usd',
      client_reference_id: ORDER_ID,
      'payment_intent_data[metadata][orderId]': ORDER_ID,
      success_url: `https://shop.example/orders/${ORDER_ID}/paid`,
      cancel_url: `https://shop.example/orders/${ORDER_ID}/paid`,
      // PAYMENT_EXPIRY_MINUTES after the clock's now: 18:45 UTC.
      expires_at: String(Date.parse('2026-12-03T18:45:00Z') / 1000),
    });
  });

  it("an invalid request (e.g. under the minimum charge) is a 502 PAYMENT_UNAVAILABLE with Stripe's reason", async () => {
    stripe.handler = () => stripeError(400, 'invalid_request_error', 'Amount must be at least $0.50 usd', 'amount_too_small');
    const err = await failure(gateway.startPayment(request({ amountCents: 20 })));
    expect(answer(err)).toEqual(['PAYMENT_UNAVAILABLE', 502]);
    expect(err.message).toContain('Amount must be at least $0.50 usd');
    expect(stripe.requests).toHaveLength(1);
  });

  it('a wrong key (401) is a 503 PAYMENT_UNAVAILABLE, not retried', async () => {
    stripe.handler = () => stripeError(401, 'invalid_request_error', 'Invalid API Key provided: sk_test_****');
    const err = await failure(gateway.startPayment(request()));
    expect(answer(err)).toEqual(['PAYMENT_UNAVAILABLE', 503]);
    expect(err.message).not.toContain('sk_test');
    expect(stripe.requests).toHaveLength(1);
  });

  it.each([
    [429, 'rate_limit_error', 'Too many requests'],
    [500, 'api_error', "Something went wrong on Stripe's end"],
  ])('HTTP %i is retried with the same idempotency key, then a 503', async (status, type, message) => {
    stripe.handler = () => ({ ...stripeError(status, type, message), headers: { 'stripe-should-retry': 'true' } });
    const err = await failure(gateway.startPayment(request()));
    expect(answer(err)).toEqual(['PAYMENT_UNAVAILABLE', 503]);
    expect(stripe.requests).toHaveLength(3);
    expect(new Set(stripe.requests.map((r) => r.headers['idempotency-key']))).toEqual(new Set([`order-${ORDER_ID}-payment-intent`]));
  });

  it('recovers when a retry succeeds (one PaymentIntent, thanks to the idempotency key)', async () => {
    let calls = 0;
    const normal = stripe.handler;
    stripe.handler = (req) =>
      ++calls === 1 ? { ...stripeError(500, 'api_error', 'boom'), headers: { 'stripe-should-retry': 'true' } } : normal(req);
    await expect(gateway.startPayment(request())).resolves.toMatchObject({ reference: 'pi_fake_0b7e3f4c9a554d2a' });
    expect(stripe.requests).toHaveLength(2);
  });

  it('a timeout is a 503 PAYMENT_UNAVAILABLE after the retries', async () => {
    stripe.handler = () => ({ body: {}, delayMs: 3000 });
    const err = await failure(gateway.startPayment(request()));
    expect(answer(err)).toEqual(['PAYMENT_UNAVAILABLE', 503]);
    expect(stripe.requests.length).toBeGreaterThanOrEqual(2);
  });

  it('refunds a PaymentIntent, and a Checkout Session through its PaymentIntent', async () => {
    await expect(gateway.refund('pi_123', ORDER_ID)).resolves.toBe('requested');
    expect(stripe.requests[0]).toMatchObject({ path: '/v1/refunds', form: { payment_intent: 'pi_123', 'metadata[orderId]': ORDER_ID } });
    expect(stripe.requests[0].headers['idempotency-key']).toBe(`order-${ORDER_ID}-refund`);
    stripe.reset();
    await gateway.refund('cs_test_9', ORDER_ID);
    expect(stripe.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/checkout/sessions/cs_test_9', 'POST /v1/refunds']);
    expect(stripe.requests[1].form.payment_intent).toBe('pi_from_cs_test_9');
  });

  async function refundFailure(p: Promise<unknown>): Promise<RefundFailure> {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RefundFailure);
    return err as RefundFailure;
  }

  it('a refund Stripe refuses fails for good, with its reason (asking again with the same key gets the same answer)', async () => {
    stripe.handler = () => stripeError(400, 'invalid_request_error', 'Charge ch_1 has been disputed.', 'charge_disputed');
    const err = await refundFailure(gateway.refund('pi_123', ORDER_ID));
    expect(err).toMatchObject({ retryable: false, reason: 'Stripe refused the refund: Charge ch_1 has been disputed. (charge_disputed)' });
    expect(stripe.requests).toHaveLength(1);
  });

  it('a refund that meets an outage or a timeout is worth retrying, with the same idempotency key', async () => {
    stripe.handler = () => ({ ...stripeError(500, 'api_error', 'Stripe is down'), headers: { 'stripe-should-retry': 'true' } });
    const down = await refundFailure(gateway.refund('pi_123', ORDER_ID));
    expect(down).toMatchObject({ retryable: true, reason: 'Stripe error 500: Stripe is down' });
    stripe.handler = () => ({ body: {}, delayMs: 3000 });
    const slow = await refundFailure(gateway.refund('pi_123', ORDER_ID));
    expect(slow.retryable).toBe(true);
    expect(slow.reason).toMatch(/^Stripe did not answer: .*timeout/);
    expect(new Set(stripe.requests.map((r) => r.headers['idempotency-key']))).toEqual(new Set([`order-${ORDER_ID}-refund`]));
  });

  it('a charge refunded already (by an earlier attempt whose answer was lost, or by hand) counts as refunded', async () => {
    stripe.handler = () => stripeError(400, 'invalid_request_error', 'Charge ch_1 has already been refunded.', 'charge_already_refunded');
    await expect(gateway.refund('pi_123', ORDER_ID)).resolves.toBe('already-refunded');
  });

  it('a Checkout that was never paid has nothing to refund: fails for good without asking for a refund', async () => {
    stripe.handler = (req) => ({ body: { id: req.path.split('/').pop(), object: 'checkout.session', payment_intent: null } });
    const err = await refundFailure(gateway.refund('cs_test_unpaid', ORDER_ID));
    expect(err.retryable).toBe(false);
    expect(stripe.requests.map((r) => r.path)).toEqual(['/v1/checkout/sessions/cs_test_unpaid']);
  });
});
