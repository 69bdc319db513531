import { jest } from '@jest/globals';
import request from 'supertest';
import { canTransition, OrderStatus } from '@/orders/order-status.js';
import { createDatabase, dropDatabase } from '../support/databases.js';
import { Checks, countStatuses, FigureTable, noStatuses } from '../support/fault-figures.js';
import { signedStripeEvent, TEST_WEBHOOK_SECRET } from '../support/fake-stripe.js';
import { admin, fetchMenu, MenuRow, orderBody } from '../support/orders.js';
import { createTestApp, TestApp } from '../support/test-app.js';
import { postVapi, toolCallsMessage, VAPI_TEST_SECRET } from '../support/vapi.js';

jest.setTimeout(120_000);

/**
 * Races at the sizes the reliability issue names, on real PostgreSQL (row locks, unique constraints and
 * ON CONFLICT are what make these safe, so PGlite's one-connection-at-a-time pool would prove nothing).
 */
describe('concurrency', () => {
  let t: TestApp;
  let databaseUrl: string;
  let menu: MenuRow[];
  // Per race: the responses by status as received, the rows then found in the database, and the checks that passed.
  const figures = new FigureTable('Concurrency');
  const race = (name: string) => new Checks(figures, { race: name, ...noStatuses(), 'rows found': 0 });

  beforeAll(async () => {
    databaseUrl = await createDatabase();
    t = await createTestApp({
      databaseUrl,
      env: { STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, VAPI_SECRET: VAPI_TEST_SECRET, VAPI_HMAC_SECRET: '', DB_POOL_SIZE: '20' },
    });
    menu = await fetchMenu(t.url);
  });
  afterAll(async () => {
    await t?.close();
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  const count = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0].n as number;

  it('100 concurrent identical requests with one Idempotency-Key make one order', async () => {
    const checks = race('100 x POST /api/orders, one key');
    const before = await count('SELECT count(*)::int AS n FROM orders');
    const body = orderBody(menu, { customerName: 'Hundred Clicks' });
    const replies = await Promise.all(
      Array.from({ length: 100 }, () => request(t.url).post('/api/orders').set('Idempotency-Key', 'race-100').send(body)),
    );
    const statuses = replies.map((r) => r.status);
    countStatuses(checks.row, statuses);
    checks.row['rows found'] = (await count('SELECT count(*)::int AS n FROM orders')) - before;
    const keys = await count(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'api:race-100'`);
    checks.that(() => expect(statuses).toEqual(Array(100).fill(201)));
    checks.that(() => expect(new Set(replies.map((r) => r.body.id)).size).toBe(1));
    checks.that(() => expect(new Set(replies.map((r) => r.body.orderNumber)).size).toBe(1));
    checks.that(() => expect(checks.row['rows found']).toBe(1));
    checks.that(() => expect(keys).toBe(1));
  });

  it('one key raced with two different bodies: one order, the losers get 422 (never a second order)', async () => {
    const checks = race('50 x POST, one key, two bodies');
    const a = orderBody(menu, { customerName: 'Body A' });
    const b = orderBody(menu, { customerName: 'Body B' });
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        request(t.url)
          .post('/api/orders')
          .set('Idempotency-Key', 'race-ab')
          .send(i % 2 ? a : b),
      ),
    );
    countStatuses(
      checks.row,
      replies.map((r) => r.status),
    );
    checks.row['rows found'] = await count(`SELECT count(*)::int AS n FROM orders WHERE customer_name IN ('Body A', 'Body B')`);
    const ok = replies.filter((r) => r.status === 201);
    const refused = replies.filter((r) => r.status === 422);
    checks.that(() => expect(ok.length + refused.length).toBe(50));
    checks.that(() => expect(new Set(ok.map((r) => r.body.id)).size).toBe(1));
    checks.that(() => expect(new Set(ok.map((r) => r.body.customerName)).size).toBe(1));
    checks.that(() => expect(refused.map((r) => r.body.code)).toEqual(refused.map(() => 'IDEMPOTENCY_KEY_REUSED')));
    checks.that(() => expect(checks.row['rows found']).toBe(1));
  });

  it('concurrent status changes on one order: no lost update, no illegal state, a gapless history', async () => {
    const checks = race('5 orders, waves of 10 concurrent PATCH status');
    const moves: OrderStatus[] = ['confirmed', 'preparing', 'ready', 'completed', 'cancelled', 'out_for_delivery'];
    for (let round = 0; round < 5; round++) {
      const fulfillment = round % 2 ? ('delivery' as const) : ('pickup' as const);
      const extra = fulfillment === 'delivery' ? { fulfillment, deliveryAddress: '221 Pine St, Seattle, WA 98101' } : {};
      const placed = await request(t.url)
        .post('/api/orders')
        .send(orderBody(menu, { customerName: `Status race ${round}`, ...extra }))
        .expect(201);
      const id = placed.body.id as string;
      // Waves of 10 changes at once until the order is finished, so every step of the lifecycle is contended:
      // six ask for the next step, two for a move that is illegal by then, and in one wave two cancel.
      let ok = 0;
      let current = placed.body as { status: string; nextStatuses: OrderStatus[] };
      for (let wave = 0; wave < 10 && current.nextStatuses.length > 0; wave++) {
        const forward = current.nextStatuses.filter((s) => s !== 'cancelled');
        const next = forward[0] ?? 'cancelled';
        const illegal = moves.find((m) => !current.nextStatuses.includes(m))!;
        const wanted = [...Array(6).fill(next), illegal, illegal, ...(wave === 2 ? ['cancelled', 'cancelled'] : [next, next])];
        const replies = await Promise.all(
          wanted.map((status) => request(t.url).patch(`/api/orders/${id}/status`).set(admin).send({ status })),
        );
        countStatuses(
          checks.row,
          replies.map((r) => r.status),
        );
        checks.that(() => expect(replies.filter((r) => r.status !== 200 && r.status !== 409)).toEqual([]));
        const conflicts = replies.filter((x) => x.status === 409).map((r) => r.body.code);
        checks.that(() => expect(conflicts).toEqual(conflicts.map(() => 'ILLEGAL_TRANSITION')));
        const wins = replies.filter((r) => r.status === 200).length;
        checks.that(() => expect(wins).toBeGreaterThanOrEqual(1));
        ok += wins;
        current = (await request(t.url).get(`/api/orders/${id}`).expect(200)).body;
      }

      const back = (await request(t.url).get(`/api/orders/${id}`).expect(200)).body;
      const history = (back.history as { kind: string; from: string | null; to: string }[]).filter((h) => h.kind === 'status');
      // Status changes stored for this order (its creation is read from the order row, not stored as a change).
      const changes = await count(`SELECT count(*)::int AS n FROM order_history WHERE order_id = $1 AND kind = 'status'`, [id]);
      checks.row['rows found'] += changes;
      checks.that(() => expect(changes).toBe(ok)); // every 200 left exactly one row
      checks.that(() => expect(history.length).toBe(1 + ok)); // ... and one entry in the order's history
      for (let i = 1; i < history.length; i++) {
        checks.that(() => expect(history[i].from).toBe(history[i - 1].to)); // no entry written from a stale read
        checks.that(() => expect(canTransition(history[i].from as OrderStatus, history[i].to as OrderStatus, fulfillment)).toBe(true));
      }
      checks.that(() => expect(back.status).toBe(history[history.length - 1].to));
      checks.that(() => expect(['completed', 'cancelled']).toContain(back.status));
      const [{ version }] = await t.dataSource.query('SELECT version FROM orders WHERE id = $1', [id]);
      checks.that(() => expect(version).toBe(history.length)); // one version bump per change: none lost
    }
  });

  it('two Stripe deliveries of one event at the same moment apply once', async () => {
    const checks = race('20 events x 2 simultaneous Stripe deliveries');
    for (let round = 0; round < 20; round++) {
      const placed = await request(t.url)
        .post('/api/orders')
        .send(orderBody(menu, { paymentMethod: 'card', customerName: `Pay race ${round}` }))
        .expect(201);
      const event = signedStripeEvent({
        id: `evt_race_${round}`,
        type: 'payment_intent.succeeded',
        object: { id: placed.body.payment?.reference ?? 'pi_x', object: 'payment_intent', metadata: { orderId: placed.body.id } },
      });
      const post = () =>
        request(t.url)
          .post('/webhook/stripe')
          .set('Content-Type', 'application/json')
          .set('Stripe-Signature', event.signature)
          .send(event.payload);
      const replies = await Promise.all([post(), post()]);
      countStatuses(
        checks.row,
        replies.map((r) => r.status),
      );
      const history = await t.dataSource.query(`SELECT to_value AS to FROM order_history WHERE order_id = $1 AND kind = 'payment'`, [
        placed.body.id,
      ]);
      checks.row['rows found'] += history.length; // payment changes stored: one per event when it applied once
      const events = await count(`SELECT count(*)::int AS n FROM payment_events WHERE event_id = $1`, [`evt_race_${round}`]);
      checks.that(() => expect(replies.map((r) => r.status)).toEqual([200, 200]));
      checks.that(() => expect(replies.map((r) => r.body.outcome).sort()).toEqual(['applied', 'duplicate']));
      checks.that(() => expect(history).toEqual([{ to: 'paid' }]));
      checks.that(() => expect(events).toBe(1));
    }
  });

  it('two voice tool calls with the same id at the same moment place one order', async () => {
    const checks = race('20 tool calls x 2 simultaneous Vapi deliveries');
    for (let round = 0; round < 20; round++) {
      const callId = `call-race-${round}`;
      const message = toolCallsMessage(
        [
          {
            id: `tool-race-${round}`,
            name: 'placeOrder',
            args: { customerName: 'Grace', fulfillment: 'pickup', paymentMethod: 'cash', items: [{ name: 'tiramisu', quantity: 1 }] },
          },
        ],
        { callId },
      );
      const replies = await Promise.all([postVapi(t.url, message), postVapi(t.url, message)]);
      countStatuses(
        checks.row,
        replies.map((r) => r.status),
      );
      const n = await count(`SELECT count(*)::int AS n FROM orders WHERE voice_call_id = $1`, [callId]);
      checks.row['rows found'] += n;
      checks.that(() => expect(replies.map((r) => r.status)).toEqual([200, 200]));
      checks.that(() => expect(replies[0].body).toEqual(replies[1].body));
      checks.that(() => expect(replies[0].body.results[0].result).toMatch(/^Order placed\./));
      checks.that(() => expect(n).toBe(1));
    }
  });
});
