import request from 'supertest';
import { OrderEvents } from '@/orders/order-events.js';
import type { OrderEvent } from '@/orders/order-events.js';
import { RefundsService } from '@/payments/refunds.service.js';
import { api, type ApiClient, type ApiSchema, expectStatus } from './support/api.js';
import { staffLogin, StaffSession } from './support/dashboard.js';
import { recordEvents } from './support/events.js';
import type { FakeHttpServer, FakeReply, RecordedRequest } from './support/fake-http.js';
import { createFakeStripe, stripeDriverEnv, signedStripeEvent, stripeAnswer, stripeError } from './support/fake-stripe.js';
import { deliverStripeEvent } from './support/stripe-webhook.js';
import { createTestApp, TestApp } from './support/test-app.js';

/**
 * Refunds of cancelled card orders with the real Stripe adapter (stripe SDK) against the loopback fake of the
 * Stripe API, on the database the run selects: a refund that fails is retried with backoff under one
 * idempotency key until it goes through, or is shown as needing a person (order API and dashboard API). The
 * schedule is set to milliseconds here (REFUND_RETRY_DELAY_MS=100: waits of 100 and 300 ms; 3 attempts).
 * The order API is called through the typed client; the dashboard API and /docs-json are outside openapi.json and
 * stay on supertest.
 */
describe('refunds of cancelled card orders (Stripe adapter against a fake Stripe)', () => {
  let t: TestApp;
  let stripe: FakeHttpServer;
  let staff: StaffSession;
  let dish: string;
  /** The order API as a customer's app calls it, and with the admin token. */
  let shop: ApiClient;
  let admin: ApiClient;

  beforeAll(async () => {
    stripe = await createFakeStripe();
    t = await createTestApp({
      env: {
        ...stripeDriverEnv(stripe, 3000),
        GEO_DRIVER: 'mock',
        REFUND_MAX_ATTEMPTS: '3',
        REFUND_RETRY_DELAY_MS: '100',
        REFUND_SWEEP_MS: '50',
      },
    });
    shop = api(t.url);
    admin = api(t.url, { admin: true });
    staff = await staffLogin(t.url);
    dish = (await expectStatus(shop.GET('/api/menu', { params: { query: { available: 'true' } } }), 200))[0].id;
  });
  afterAll(async () => {
    await t?.close();
    await stripe?.close();
  });
  beforeEach(() => stripe.reset());

  const webhook = (e: { payload: string; signature: string }) => expectStatus(deliverStripeEvent(shop, e), 200);

  /** A card order, paid (Stripe's webhook), then cancelled by staff through the admin API. */
  async function cancelPaidOrder(): Promise<{ id: string; reference: string }> {
    const body = await expectStatus(
      shop.POST('/api/orders', {
        body: {
          customerName: 'Ada Lovelace',
          customerPhone: '+12065550199',
          fulfillment: 'pickup',
          paymentMethod: 'card',
          items: [{ menuItemId: dish, quantity: 1 }],
        },
      }),
      201,
    );
    const reference = body.payment.reference;
    if (!reference) throw new Error(`a card order without a payment reference: ${JSON.stringify(body.payment)}`);
    const paid = signedStripeEvent({
      id: `evt_pay_${body.id}`,
      type: 'payment_intent.succeeded',
      object: { id: reference, metadata: { orderId: body.id } },
    });
    await webhook(paid);
    await expectStatus(admin.PATCH('/api/orders/{id}/status', { params: { path: { id: body.id } }, body: { status: 'cancelled' } }), 200);
    return { id: body.id, reference };
  }

  const order = (id: string) => expectStatus(shop.GET('/api/orders/{id}', { params: { path: { id } } }), 200);
  const refundRequests = (id: string): RecordedRequest[] =>
    stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds' && r.form['metadata[orderId]'] === id);
  const refundHistory = (o: ApiSchema<'OrderDto'>) => (o.history ?? []).filter((h) => h.kind === 'refund');

  /** Polls `read` until `done` holds, or fails at the deadline with the last value it saw. */
  async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms; last seen ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Stripe answering refunds with `reply` (everything else as usual). */
  function refundsAnswer(reply: (req: RecordedRequest) => FakeReply | Promise<FakeReply>): void {
    stripe.handler = (req) => (req.method === 'POST' && req.path === '/v1/refunds' ? reply(req) : stripeAnswer(req));
  }
  /** Stripe down for refunds; `stripe-should-retry: false` keeps it to one HTTP request per attempt. */
  const down = (): FakeReply => ({ ...stripeError(503, 'api_error', 'Stripe is down'), headers: { 'stripe-should-retry': 'false' } });

  it('retries a refund Stripe failed, with the same idempotency key, until it goes through; charge.refunded then marks it refunded', async () => {
    let failures = 2;
    let recover!: () => void;
    const recovered = new Promise<void>((resolve) => (recover = resolve));
    // Two failed requests, then a third that Stripe holds until the test has seen the order meanwhile.
    refundsAnswer(async (req) => {
      if (failures > 0) {
        failures--;
        return down();
      }
      await recovered;
      return stripeAnswer(req);
    });
    const { id, reference } = await cancelPaidOrder();

    await until(
      'the third refund request',
      async () => refundRequests(id).length,
      (n) => n === 3,
    );
    const during = await order(id);
    expect(during.paymentStatus).toBe('paid');
    expect(during.refund).toEqual({
      status: 'retrying',
      needsAttention: false,
      attempts: 3,
      lastError: 'Stripe error 503: Stripe is down',
      nextAttemptAt: expect.any(String),
    });
    expect(refundHistory(during).map((h) => `${h.from}>${h.to}`)).toEqual(['null>pending', 'pending>retrying']);
    expect(refundHistory(during)[1].note).toBe('Attempt 1 of 3 failed: Stripe error 503: Stripe is down');

    recover();
    const requested = await until(
      'the refund requested',
      () => order(id),
      (o) => o.refund?.status === 'requested',
    );
    expect(requested).toMatchObject({
      paymentStatus: 'paid',
      refund: { status: 'requested', attempts: 3, lastError: null, needsAttention: false },
    });
    const sent = refundRequests(id);
    expect(sent).toHaveLength(3);
    expect(sent.map((r) => r.headers['idempotency-key'])).toEqual(Array(3).fill(`order-${id}-refund`));
    expect(sent.map((r) => r.form.payment_intent)).toEqual(Array(3).fill(reference));

    const refunded = signedStripeEvent({
      id: `evt_refunded_${id}`,
      type: 'charge.refunded',
      object: { id: 'ch_r1', payment_intent: reference, refunded: true, metadata: { orderId: id } },
    });
    await webhook(refunded);
    const done = await order(id);
    expect(done).toMatchObject({ paymentStatus: 'refunded', refund: { status: 'succeeded', needsAttention: false, nextAttemptAt: null } });
    expect(refundHistory(done).map((h) => h.to)).toEqual(['pending', 'retrying', 'requested', 'succeeded']);
  });

  it('shows a refund that keeps failing as needing attention on the order and the dashboard; staff retry it once Stripe is back', async () => {
    refundsAnswer(down);
    const events = recordEvents<OrderEvent>(t.app.get(OrderEvents).clusterStream);
    const { id } = await cancelPaidOrder();

    const failed = await until(
      'the refund given up',
      () => order(id),
      (o) => o.refund?.status === 'failed',
    );
    expect(failed.refund).toEqual({
      status: 'failed',
      needsAttention: true,
      attempts: 3,
      lastError: 'Stripe error 503: Stripe is down',
      nextAttemptAt: null,
    });
    expect(failed.paymentStatus).toBe('paid');
    expect(refundHistory(failed).map((h) => h.to)).toEqual(['pending', 'retrying', 'failed']);
    expect(refundHistory(failed)[2].note).toContain('Gave up after 3 attempt(s)');
    expect(refundRequests(id)).toHaveLength(3);
    // The live board hears of it (the dashboard re-reads the order and its refund alert on this event).
    await events.waitFor((e) => e.type === 'order.refund' && e.orderId === id, 2);
    events.stop();

    // Given up means given up: a sweep that runs now asks Stripe for nothing more.
    expect(await t.app.get(RefundsService).sweep()).toBe(0);
    expect(refundRequests(id)).toHaveLength(3);

    const alert = await request(t.url).get('/dashboard/api/refunds').set('Cookie', staff.cookie).expect(200);
    expect(alert.body.total).toBeGreaterThanOrEqual(1);
    expect(alert.body.orders.find((o: { id: string }) => o.id === id)).toMatchObject({
      refund: { status: 'failed', needsAttention: true },
    });
    const detail = await request(t.url).get(`/dashboard/api/orders/${id}`).set('Cookie', staff.cookie).expect(200);
    expect(detail.body.order.refund).toMatchObject({ status: 'failed', needsAttention: true });

    // "Retry refund now": a POST with the session's CSRF token, like every dashboard action.
    const path = `/dashboard/api/orders/${id}/refund`;
    await request(t.url).post(path).set('Cookie', staff.cookie).expect(403);
    stripe.reset();
    const retried = await request(t.url)
      .post(path)
      .set('Cookie', staff.cookie)
      .set('X-CSRF-Token', staff.csrf)
      .set('Origin', t.url)
      .expect(200);
    expect(retried.body.refund).toEqual({ status: 'requested', needsAttention: false, attempts: 1, lastError: null, nextAttemptAt: null });
    expect(refundRequests(id).map((r) => r.headers['idempotency-key'])).toEqual([`order-${id}-refund`]);
    expect(refundHistory(await order(id)).slice(-2)).toEqual([
      expect.objectContaining({ from: 'failed', to: 'pending', actor: 'dashboard:owner' }),
      expect.objectContaining({ from: 'pending', to: 'requested', actor: 'refunds' }),
    ]);
    const after = await request(t.url).get('/dashboard/api/refunds').set('Cookie', staff.cookie).expect(200);
    expect(after.body.orders.map((o: { id: string }) => o.id)).not.toContain(id);

    const again = await request(t.url).post(path).set('Cookie', staff.cookie).set('X-CSRF-Token', staff.csrf).expect(409);
    expect(again.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', message: expect.stringContaining('requested already') });
  });

  it('documents the refund state of an order in Swagger', async () => {
    const { schemas } = (await request(t.url).get('/docs-json').expect(200)).body.components;
    expect(JSON.stringify(schemas.OrderDto.properties.refund)).toContain('#/components/schemas/RefundViewDto');
    expect(schemas.RefundViewDto.properties.status.enum).toEqual(['pending', 'requested', 'retrying', 'failed', 'succeeded']);
    expect(schemas.RefundViewDto.required).toEqual(expect.arrayContaining(['status', 'needsAttention', 'attempts']));
  });

  it('gives up at once when Stripe refuses the refund, with its reason', async () => {
    refundsAnswer(() => stripeError(400, 'invalid_request_error', 'Charge ch_9 has been disputed.', 'charge_disputed'));
    const { id } = await cancelPaidOrder();
    const failed = await until(
      'the refund refused',
      () => order(id),
      (o) => o.refund?.status === 'failed',
    );
    expect(failed.refund).toMatchObject({
      needsAttention: true,
      attempts: 1,
      lastError: 'Stripe refused the refund: Charge ch_9 has been disputed. (charge_disputed)',
    });
    expect(refundRequests(id)).toHaveLength(1);
  });

  it('takes "charge already refunded" (an earlier answer lost, or a refund by hand) as refunded', async () => {
    refundsAnswer(() => stripeError(400, 'invalid_request_error', 'Charge ch_8 has already been refunded.', 'charge_already_refunded'));
    const { id } = await cancelPaidOrder();
    const done = await until(
      'the refund found done',
      () => order(id),
      (o) => o.refund?.status === 'succeeded',
    );
    expect(done.paymentStatus).toBe('refunded');
    expect(done.history).toContainEqual(expect.objectContaining({ kind: 'payment', from: 'paid', to: 'refunded', actor: 'refunds' }));
    expect(done.refund).toMatchObject({ attempts: 1, needsAttention: false });
  });

  it('the refund is written with the cancel, not held in memory; a refund one sweeper is asking for is not asked for by another', async () => {
    const refunds = t.app.get(RefundsService);
    // This process stops sweeping (as if it had crashed right after the cancel committed).
    await refunds.beforeApplicationShutdown();
    const { id } = await cancelPaidOrder();
    const owed = await order(id);
    expect(owed.refund).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: expect.any(String) });
    expect(refundRequests(id)).toHaveLength(0);

    // A sweep (as on one replica) asks for it; Stripe holds the answer, so the attempt is in flight...
    let answer!: () => void;
    const held = new Promise<void>((resolve) => (answer = resolve));
    refundsAnswer(async (req) => {
      await held;
      return stripeAnswer(req);
    });
    const first = refunds.sweep();
    await until(
      'the first sweep asking Stripe',
      async () => refundRequests(id).length,
      (n) => n === 1,
    );
    expect((await order(id)).refund).toMatchObject({ status: 'pending', attempts: 1 });
    // ...and another sweep (another replica) finds it claimed: the attempt's lease keeps it from asking too.
    expect(await refunds.sweep()).toBe(0);
    answer();
    expect(await first).toBe(1);
    expect(refundRequests(id)).toHaveLength(1);
    expect((await order(id)).refund).toMatchObject({ status: 'requested', attempts: 1 });

    // Two sweeps started at once: each due refund is claimed by one of them.
    stripe.reset();
    const other = await cancelPaidOrder();
    const made = await Promise.all([refunds.sweep(), refunds.sweep()]);
    expect(made[0] + made[1]).toBe(1);
    expect(refundRequests(other.id)).toHaveLength(1);
  });
});
