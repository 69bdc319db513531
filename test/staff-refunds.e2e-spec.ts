import { randomUUID } from 'node:crypto';
import { StaffRefunds } from '@/payments/staff-refunds.service.js';
import request from 'supertest';
import { api, type ApiClient, type ApiSchema, expectError, expectStatus } from './support/api.js';
import { staffLogin, type StaffSession } from './support/dashboard.js';
import type { FakeHttpServer, RecordedRequest } from './support/fake-http.js';
import { createFakeStripe, signedStripeEvent, stripeAnswer, stripeDriverEnv, stripeError } from './support/fake-stripe.js';
import { fetchMenu, menuItem, type MenuRow, orderBody } from './support/orders.js';
import { deliverStripeEvent } from './support/stripe-webhook.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * Refunds staff give, in part or in full, through the admin API and the dashboard, with the real Stripe adapter
 * against the loopback fake (on the database the run selects).
 */
describe('refunds by staff (Stripe adapter against a fake Stripe)', () => {
  let t: TestApp;
  let stripe: FakeHttpServer;
  let menu: MenuRow[];
  let shop: ApiClient;
  let admin: ApiClient;
  let staff: StaffSession;

  beforeAll(async () => {
    stripe = await createFakeStripe();
    t = await createTestApp({ env: { ...stripeDriverEnv(stripe, 3000), GEO_DRIVER: 'mock' } });
    shop = api(t.url);
    admin = api(t.url, { admin: true });
    menu = await fetchMenu(t.url);
    staff = await staffLogin(t.url);
  });
  afterAll(async () => {
    await t?.close();
    await stripe?.close();
  });
  beforeEach(() => stripe.reset());

  const webhook = (e: { payload: string; signature: string }) => expectStatus(deliverStripeEvent(shop, e), 200);
  const read = (id: string) => expectStatus(shop.GET('/api/orders/{id}', { params: { path: { id } } }), 200);
  const refund = (client: ApiClient, id: string, body: ApiSchema<'StaffRefundDto'>) =>
    client.POST('/api/orders/{id}/refunds', { params: { path: { id } }, body });
  const refundRequests = (): RecordedRequest[] => stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds');
  const paymentHistory = (o: ApiSchema<'OrderDto'>) => (o.history ?? []).filter((h) => h.kind === 'payment');

  /** A web card order (one Margherita Pizza, picked up), paid by Stripe's webhook. */
  async function paidOrder(paymentMethod: 'card' | 'cash' = 'card'): Promise<ApiSchema<'OrderDto'>> {
    const body = orderBody(menu, {
      customerName: 'Ada Lovelace',
      customerPhone: '+12065550199',
      fulfillment: 'pickup',
      paymentMethod,
      items: [{ menuItemId: menuItem(menu, 'Margherita Pizza').id, quantity: 2 }],
    });
    const created = await expectStatus(shop.POST('/api/orders', { body }), 201);
    if (paymentMethod === 'card') {
      await webhook(
        signedStripeEvent({
          id: `evt_paid_${created.id}`,
          type: 'payment_intent.succeeded',
          object: { id: created.payment.reference, metadata: { orderId: created.id } },
        }),
      );
    }
    stripe.reset();
    return read(created.id);
  }

  it('refunds in parts up to the total, each with its own idempotency key; the history says who and why', async () => {
    const order = await paidOrder();
    const part = await expectStatus(refund(admin, order.id, { amountCents: 500, reason: 'Pizza arrived cold' }), 200);
    expect(part).toMatchObject({ paymentStatus: 'partially_refunded', refundedCents: 500, status: 'received' });
    const rest = await expectStatus(refund(admin, order.id, { reason: 'Order never arrived' }), 200);
    expect(rest).toMatchObject({ paymentStatus: 'refunded', refundedCents: order.totalCents });

    const [first, second] = refundRequests();
    expect(first.form).toMatchObject({
      payment_intent: order.payment.reference,
      amount: '500',
      reason: 'requested_by_customer',
      'metadata[orderId]': order.id,
    });
    expect(second.form).toMatchObject({ payment_intent: order.payment.reference, amount: String(order.totalCents - 500) });
    expect(first.headers['idempotency-key']).toMatch(new RegExp(`^order-${order.id}-refund-[0-9a-f-]{36}$`));
    expect(second.headers['idempotency-key']).toMatch(new RegExp(`^order-${order.id}-refund-[0-9a-f-]{36}$`));
    expect(second.headers['idempotency-key']).not.toBe(first.headers['idempotency-key']);
    expect(paymentHistory(rest).slice(-2)).toEqual([
      expect.objectContaining({ from: 'paid', to: 'partially_refunded', actor: 'admin-api', note: 'Refund of $5.00: Pizza arrived cold' }),
      expect.objectContaining({
        from: 'partially_refunded',
        to: 'refunded',
        actor: 'admin-api',
        note: `Refund of $${((order.totalCents - 500) / 100).toFixed(2)}: Order never arrived`,
      }),
    ]);

    // Nothing is left; Stripe's charge.refunded for it changes nothing more.
    const done = await expectError(refund(admin, order.id, { amountCents: 1, reason: 'again' }), 409);
    expect(done).toMatchObject({ code: 'ILLEGAL_TRANSITION', message: expect.stringContaining('refunded in full already') });
    await webhook(
      signedStripeEvent({
        id: `evt_ref_${order.id}`,
        type: 'charge.refunded',
        object: { id: 'ch_1', payment_intent: order.payment.reference, refunded: true, amount_refunded: order.totalCents },
      }),
    );
    expect(await read(order.id)).toMatchObject({ paymentStatus: 'refunded', refundedCents: order.totalCents });
    expect(refundRequests()).toHaveLength(2);
  });

  it('refuses more than is left with 422 REFUND_EXCEEDS_PAYMENT, asking Stripe nothing', async () => {
    const order = await paidOrder();
    await expectStatus(refund(admin, order.id, { amountCents: 300, reason: 'Missing drink' }), 200);
    const err = await expectError(refund(admin, order.id, { amountCents: order.totalCents, reason: 'Too much' }), 422);
    expect(err).toMatchObject({ code: 'REFUND_EXCEEDS_PAYMENT', refundableCents: order.totalCents - 300 });
    expect(err.message).toContain('left to refund');
    expect(refundRequests()).toHaveLength(1);
    expect(await read(order.id)).toMatchObject({ paymentStatus: 'partially_refunded', refundedCents: 300 });
  });

  it('Stripe down: 503 and nothing refunded; Stripe refusing: 502 and nothing refunded; both in the history', async () => {
    const order = await paidOrder();
    stripe.handler = (req) =>
      req.path === '/v1/refunds'
        ? { ...stripeError(503, 'api_error', 'Stripe is down'), headers: { 'stripe-should-retry': 'false' } }
        : stripeAnswer(req);
    const down = await expectError(refund(admin, order.id, { amountCents: 400, reason: 'Cold' }), 503);
    expect(down.code).toBe('PAYMENT_UNAVAILABLE');
    expect(await read(order.id)).toMatchObject({ paymentStatus: 'paid', refundedCents: 0 });

    stripe.handler = (req) =>
      req.path === '/v1/refunds'
        ? stripeError(400, 'invalid_request_error', 'Charge ch_1 has been disputed', 'charge_disputed')
        : stripeAnswer(req);
    const refused = await expectError(refund(admin, order.id, { amountCents: 400, reason: 'Cold' }), 502);
    expect(refused.message).toContain('Charge ch_1 has been disputed');
    const after = await read(order.id);
    expect(after).toMatchObject({ paymentStatus: 'paid', refundedCents: 0 });
    expect(paymentHistory(after).map((h) => `${h.from}>${h.to} ${h.note}`)).toEqual([
      expect.stringMatching(/^pending>paid /),
      'paid>partially_refunded Refund of $4.00: Cold',
      expect.stringMatching(/^partially_refunded>paid Refund of \$4\.00 not made: Stripe error 503/),
      'paid>partially_refunded Refund of $4.00: Cold',
      expect.stringMatching(
        /^partially_refunded>paid Refund of \$4\.00 not made: Stripe refused the refund: Charge ch_1 has been disputed/,
      ),
    ]);
  });

  it('gives a refund repeated with the same requestId (a lost answer, a double click) once', async () => {
    const order = await paidOrder();
    const body = { amountCents: 250, reason: 'Missing dip', requestId: '5a0d3b1e-7c4f-4e2a-9b6d-8f1e2c3a4b5d' };
    const answers = await Promise.all([refund(admin, order.id, body), refund(admin, order.id, body)]);
    expect(answers.map((a) => a.response.status)).toEqual([200, 200]);
    expect((await expectStatus(refund(admin, order.id, body), 200)).refundedCents).toBe(250);
    expect(refundRequests()).toHaveLength(1);
    // Another refund is another request.
    await expectStatus(refund(admin, order.id, { ...body, requestId: '6b1e4c2f-8d5a-4f3b-8c7e-9a2f3d4b5c6e' }), 200);
    expect(refundRequests()).toHaveLength(2);
    expect(await read(order.id)).toMatchObject({ refundedCents: 500 });
  });

  /** What a process that died between reserving a refund and hearing from Stripe leaves behind, `ageMs` ago. */
  async function refundCutShort(order: ApiSchema<'OrderDto'>, amountCents: number, attempts: number, ageMs = 120_000): Promise<string> {
    const id = randomUUID();
    await t.dataSource.query(
      `UPDATE orders SET refunded_cents = refunded_cents + $2, payment_status = 'partially_refunded' WHERE id = $1`,
      [order.id, amountCents],
    );
    await t.dataSource.query(
      `INSERT INTO staff_refunds (id, order_id, amount_cents, currency, payment_reference, reason, actor, attempts, created_at, updated_at)
       VALUES ($1, $2, $3, 'USD', $4, 'Cold pizza', 'dashboard:staff', $5, now() - $6::int * interval '1 millisecond', now() - $6::int * interval '1 millisecond')`,
      [id, order.id, amountCents, order.payment.reference, attempts, ageMs],
    );
    return id;
  }
  const staffRefundRow = async (id: string) =>
    (await t.dataSource.query(`SELECT status, attempts, last_error AS "lastError" FROM staff_refunds WHERE id = $1`, [id]))[0];

  it('finishes a refund whose process died before Stripe answered: asked once more with the same key, then done', async () => {
    const order = await paidOrder();
    const fresh = await refundCutShort(order, 300, 1, 1_000); // another process may still be waiting for Stripe
    const id = await refundCutShort(order, 200, 1);
    await t.app.get(StaffRefunds).finishStale();
    expect(refundRequests().map((r) => r.headers['idempotency-key'])).toEqual([`order-${order.id}-refund-${id}`]);
    expect(refundRequests()[0].form).toMatchObject({ amount: '200', payment_intent: order.payment.reference });
    expect(await staffRefundRow(id)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(await staffRefundRow(fresh)).toMatchObject({ status: 'pending', attempts: 1 });
    await t.app.get(StaffRefunds).finishStale();
    expect(refundRequests()).toHaveLength(1);
    expect(await read(order.id)).toMatchObject({ paymentStatus: 'partially_refunded', refundedCents: 500 });
  });

  it('keeps asking for a cut-short refund while Stripe is down, then gives it up and gives its amount back', async () => {
    const order = await paidOrder();
    stripe.handler = (req) =>
      req.path === '/v1/refunds'
        ? { ...stripeError(503, 'api_error', 'Stripe is down'), headers: { 'stripe-should-retry': 'false' } }
        : stripeAnswer(req);
    const retried = await refundCutShort(order, 200, 1);
    await t.app.get(StaffRefunds).finishStale();
    expect(await staffRefundRow(retried)).toMatchObject({ status: 'pending', attempts: 2 });
    expect(await read(order.id)).toMatchObject({ refundedCents: 200 });

    const last = await refundCutShort(order, 100, 7);
    await t.dataSource.query(`UPDATE staff_refunds SET updated_at = now() - interval '2 minutes'`);
    await t.app.get(StaffRefunds).finishStale();
    expect(await staffRefundRow(last)).toMatchObject({ status: 'failed', attempts: 8, lastError: expect.stringContaining('503') });
    const after = await read(order.id);
    expect(after.refundedCents).toBe(200);
    expect(paymentHistory(after).at(-1)).toMatchObject({
      actor: 'dashboard:staff',
      note: expect.stringMatching(/^Refund of \$1\.00 not made: /),
    });
  });

  it("applies a partial charge.refunded (a refund made in Stripe's Dashboard) once", async () => {
    const order = await paidOrder();
    const partial = signedStripeEvent({
      id: `evt_part_${order.id}`,
      type: 'charge.refunded',
      object: {
        id: 'ch_2',
        payment_intent: order.payment.reference,
        refunded: false,
        amount_refunded: 700,
        metadata: { orderId: order.id },
      },
    });
    expect((await webhook(partial)).outcome).toBe('applied');
    expect((await webhook(partial)).outcome).toBe('duplicate');
    const after = await read(order.id);
    expect(after).toMatchObject({ paymentStatus: 'partially_refunded', refundedCents: 700 });
    expect(paymentHistory(after).filter((h) => h.to === 'partially_refunded')).toHaveLength(1);
    // An older, smaller figure arriving late changes nothing.
    const older = signedStripeEvent({
      id: `evt_older_${order.id}`,
      type: 'charge.refunded',
      object: {
        id: 'ch_2',
        payment_intent: order.payment.reference,
        refunded: false,
        amount_refunded: 200,
        metadata: { orderId: order.id },
      },
    });
    expect((await webhook(older)).outcome).toBe('unchanged');
    expect((await read(order.id)).refundedCents).toBe(700);
  });

  it('refuses orders that cannot be refunded, bad input and callers without the admin token', async () => {
    const cash = await paidOrder('cash');
    expect(await expectError(refund(admin, cash.id, { reason: 'x' }), 409)).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    const unpaid = await expectStatus(
      shop.POST('/api/orders', {
        body: orderBody(menu, {
          paymentMethod: 'card',
          fulfillment: 'pickup',
          items: [{ menuItemId: menuItem(menu, 'Margherita Pizza').id, quantity: 1 }],
        }),
      }),
      201,
    );
    expect((await expectError(refund(admin, unpaid.id, { reason: 'x' }), 409)).message).toContain('is not paid (payment is pending)');
    await expectError(refund(shop, unpaid.id, { reason: 'x' }), 401);
    await expectError(refund(admin, '2f7d1c38-5d0e-4b59-9a0f-2c8a9d0f1e11', { reason: 'x' }), 404);
    const invalid = await expectError(refund(admin, unpaid.id, { amountCents: 0, reason: '' }), 400);
    expect(invalid.message).toEqual(expect.arrayContaining(['amountCents must be at least 1', 'reason must be 1 to 140 characters']));
    await expectError(refund(admin, 'not-a-uuid', { reason: 'x' }), 400);
    expect(refundRequests()).toHaveLength(0);
  });

  it('staff refund from the dashboard with the session and its CSRF token; the actor is the staff member', async () => {
    const order = await paidOrder();
    const path = `/dashboard/api/orders/${order.id}/refunds`;
    await request(t.url).post(path).set('Cookie', staff.cookie).send({ amountCents: 250, reason: 'Late' }).expect(403);
    const res = await request(t.url)
      .post(path)
      .set('Cookie', staff.cookie)
      .set('X-CSRF-Token', staff.csrf)
      .send({ amountCents: 250, reason: 'Late' })
      .expect(200);
    expect(res.body).toMatchObject({ paymentStatus: 'partially_refunded', refundedCents: 250 });
    expect(paymentHistory(res.body as ApiSchema<'OrderDto'>).at(-1)).toMatchObject({
      actor: 'dashboard:owner',
      note: 'Refund of $2.50: Late',
    });
    const tooMuch = await request(t.url)
      .post(path)
      .set('Cookie', staff.cookie)
      .set('X-CSRF-Token', staff.csrf)
      .send({ amountCents: order.totalCents, reason: 'Late' })
      .expect(422);
    expect(tooMuch.body.code).toBe('REFUND_EXCEEDS_PAYMENT');
  });
});
