import request from 'supertest';
import type { operations } from '@/client/api-client.js';
import { api, ApiClient, ApiSchema, expectAnswer, expectError, expectStatus } from './support/api.js';
import { admin, fetchMenu, menuItem, MenuRow, offContractBody, OrderBody, orderBody, statusHistory } from './support/orders.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { ORDINARY_NOON, TestClock } from './support/test-clock.js';

/** The production hours, in Los Angeles (the test app's RESTAURANT_TIMEZONE). */
const HOURS = 'Mon-Fri 11:00-22:00; Sat-Sun 12:00-23:00';
/** Tuesday 2026-03-10, 12:00 PDT (UTC-7): open. Every test starts here. */
const OPEN = ORDINARY_NOON;

type OrderStatus = ApiSchema<'UpdateStatusDto'>['status'];
type OrderQuery = NonNullable<operations['listOrders']['parameters']['query']>;

describe('orders API', () => {
  let t: TestApp;
  let menu: MenuRow[];
  /** A web or mobile app's client, and the admin API's. */
  let client: ApiClient;
  let adminClient: ApiClient;
  // Each reading moves the clock on 1 ms, so orders and status changes made one after another keep their order.
  const clock = new TestClock(OPEN, { stepMs: 1 });

  beforeAll(async () => {
    t = await createTestApp({ clock, env: { OPENING_HOURS: HOURS } });
    menu = await fetchMenu(t.url);
    client = api(t.url);
    adminClient = api(t.url, { admin: true });
  });
  beforeEach(() => clock.set(OPEN));
  afterAll(() => t.close());

  const place = (body: OrderBody, idempotencyKey?: string) =>
    client.POST('/api/orders', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } });
  const getOrder = (id: string) => expectStatus(client.GET('/api/orders/{id}', { params: { path: { id } } }), 200);
  const changeStatus = (id: string, status: OrderStatus) =>
    adminClient.PATCH('/api/orders/{id}/status', { params: { path: { id } }, body: { status } });
  const updateDish = (id: string, body: ApiSchema<'UpdateMenuItemDto'>) =>
    expectStatus(adminClient.PATCH('/api/menu/{id}', { params: { path: { id } }, body }), 200);
  const listOrders = (query: OrderQuery) => expectStatus(adminClient.GET('/api/orders', { params: { query } }), 200);
  const ids = (orders: { id: string }[]) => orders.map((o) => o.id);

  const countRows = async (table: string) => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  describe('POST /api/orders', () => {
    it('prices the order on the server and returns it with 201', async () => {
      const o = await expectStatus(place(orderBody(menu)), 201);
      expect(o.orderNumber).toMatch(/^[A-Z]{1,2}-\d{4}$/);
      expect(o).toMatchObject({
        status: 'received',
        paymentStatus: 'unpaid',
        paymentMethod: 'cash',
        channel: 'web',
        fulfillment: 'pickup',
        customerName: 'Grace Hopper',
        customerPhone: '+12065550142',
        currency: 'USD',
        subtotalCents: 2 * 1450 + 850,
        deliveryFeeCents: 0,
        taxCents: 375,
        totalCents: 3750 + 375,
        nextStatuses: ['confirmed', 'cancelled'],
      });
      expect(o.items).toEqual([
        {
          menuItemId: menuItem(menu, 'Margherita Pizza').id,
          name: 'Margherita Pizza',
          unitPriceCents: 1450,
          // Nothing was sent for the pizza's required size: its default is chosen and shown.
          options: [{ optionId: expect.any(String), group: 'Size', name: 'Medium', priceDeltaCents: 0 }],
          quantity: 2,
          lineTotalCents: 2900,
          notes: 'extra basil',
        },
        {
          menuItemId: menuItem(menu, 'Tiramisu').id,
          name: 'Tiramisu',
          unitPriceCents: 850,
          options: [],
          quantity: 1,
          lineTotalCents: 850,
          notes: null,
        },
      ]);
      const back = await getOrder(o.id);
      expect(back).toMatchObject({ id: o.id, orderNumber: o.orderNumber, totalCents: o.totalCents });
      // Texts to the customer join the history as they are sent (text-messages.e2e-spec.ts): only the changes here.
      expect(statusHistory(back)).toEqual([{ kind: 'status', from: null, to: 'received', actor: 'web', note: null, at: o.createdAt }]);
      // The creation entry is read from the order row: placing an order writes no history row.
      expect(await t.dataSource.query(`SELECT 1 FROM order_history WHERE order_id = $1 AND kind <> 'message'`, [o.id])).toEqual([]);
    });

    it('accepts a phone number written with spaces and dashes and stores it as E.164', async () => {
      const o = await expectStatus(place(orderBody(menu, { customerPhone: '+1 (206) 555-0199' })), 201);
      expect(o.customerPhone).toBe('+12065550199');
    });

    it('starts a card payment: pending, with a client secret', async () => {
      const o = await expectStatus(place(orderBody(menu, { paymentMethod: 'card', channel: 'mobile' })), 201);
      expect(o.paymentStatus).toBe('pending');
      expect(o.channel).toBe('mobile');
      expect(o.payment.clientSecret).toEqual(expect.any(String));
    });

    it('snapshots name and unit price: a later menu change does not touch placed orders', async () => {
      const tiramisu = menuItem(menu, 'Tiramisu');
      const placed = await expectStatus(place(orderBody(menu)), 201);
      await updateDish(tiramisu.id, { priceCents: 999, name: 'Tiramisu Classico' });
      const back = await getOrder(placed.id);
      expect(back.items[1]).toMatchObject({ name: 'Tiramisu', unitPriceCents: 850 });
      await updateDish(tiramisu.id, { priceCents: 850, name: 'Tiramisu' });
    });

    it('refuses an unknown or unavailable dish with 422 ITEM_UNAVAILABLE and stores nothing', async () => {
      const before = await countRows('orders');
      const unknown = await expectError(
        place(orderBody(menu, { items: [{ menuItemId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] })),
        422,
      );
      expect(unknown).toMatchObject({ statusCode: 422, code: 'ITEM_UNAVAILABLE' });

      const wings = menuItem(menu, 'Chicken Wings');
      await updateDish(wings.id, { available: false });
      const res = await expectError(place(orderBody(menu, { items: [{ menuItemId: wings.id, quantity: 1 }] })), 422);
      expect(res).toMatchObject({ code: 'ITEM_UNAVAILABLE', message: 'Sorry, Chicken Wings is not available right now.' });
      await updateDish(wings.id, { available: true });
      expect(await countRows('orders')).toBe(before);
    });

    it('refuses an order outside opening hours with 422 RESTAURANT_CLOSED and stores nothing; takes it once open', async () => {
      const stored = async () => ({ orders: await countRows('orders'), keys: await countRows('idempotency_keys') });
      const before = await stored();
      const body = orderBody(menu, { customerName: 'Early Bird' });
      const closedMessage = 'Sorry, Test Trattoria is closed right now. Today we are open 11:00 to 22:00.';

      clock.set('2026-03-10T17:59:00Z'); // Tuesday 10:59 in Los Angeles
      const early = await expectError(place(body, 'opening-minute'), 422);
      expect(early).toMatchObject({ statusCode: 422, code: 'RESTAURANT_CLOSED', message: closedMessage });
      const quote = await expectError(client.POST('/api/orders/quote', { body }), 422);
      expect(quote.code).toBe('RESTAURANT_CLOSED');
      expect(await stored()).toEqual(before);

      clock.set('2026-03-10T18:00:00Z'); // 11:00: open; the refused attempt did not use up its key
      const first = await expectAnswer(place(body, 'opening-minute'), 201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(first.body).toMatchObject({ createdAt: '2026-03-10T18:00:00.000Z', businessDate: '2026-03-10' });

      clock.set('2026-03-11T04:59:00Z'); // 21:59: still open
      await expectStatus(place(body), 201);
      clock.set('2026-03-11T05:00:00Z'); // 22:00: closed
      const late = await expectError(place(body), 422);
      expect(late).toMatchObject({ code: 'RESTAURANT_CLOSED', message: closedMessage });
      expect(await stored()).toEqual({ orders: before.orders + 2, keys: before.keys + 1 });
    });

    // Off the contract on purpose (fields the document does not define), so sent with supertest.
    it('refuses prices or totals sent by the client', async () => {
      const res = await request(t.url)
        .post('/api/orders')
        .send(offContractBody(menu, { totalCents: 1 }))
        .expect(400);
      expect(res.body.message).toContain('property totalCents should not exist');
      const line = { menuItemId: menuItem(menu, 'Tiramisu').id, quantity: 1, unitPriceCents: 1 };
      const res2 = await request(t.url)
        .post('/api/orders')
        .send(offContractBody(menu, { items: [line] }))
        .expect(400);
      expect(res2.body.message).toContain('items.0.property unitPriceCents should not exist');
    });

    it('requires an address for delivery', async () => {
      const res = await expectError(place(orderBody(menu, { fulfillment: 'delivery' })), 400);
      expect(res.message).toEqual(expect.arrayContaining([expect.stringMatching(/deliveryAddress/)]));
    });
  });

  describe('POST /api/orders/quote', () => {
    it('prices without storing', async () => {
      const before = await countRows('orders');
      const quote = await expectStatus(client.POST('/api/orders/quote', { body: orderBody(menu) }), 200);
      expect(quote).toMatchObject({ subtotalCents: 3750, taxCents: 375, totalCents: 4125, deliveryFeeCents: 0, currency: 'USD' });
      expect(await countRows('orders')).toBe(before);
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first status and body for the same key and body', async () => {
      const body = orderBody(menu);
      const first = await expectStatus(place(body, 'replay-1'), 201);
      await expectStatus(changeStatus(first.id, 'confirmed'), 200);
      const again = await expectAnswer(place(body, 'replay-1'), 201);
      expect(again.body).toEqual(first);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    });

    it('treats the same fields in another order as the same body', async () => {
      const body = orderBody(menu);
      const reordered = Object.fromEntries(Object.entries(body).reverse()) as OrderBody;
      expect(Object.keys(reordered)).not.toEqual(Object.keys(body));
      const first = await expectStatus(place(body, 'replay-2'), 201);
      const again = await expectStatus(place(reordered, 'replay-2'), 201);
      expect(again.id).toBe(first.id);
    });

    it('rejects a used key with a different body (422) and stores nothing', async () => {
      await expectStatus(place(orderBody(menu), 'replay-3'), 201);
      const before = await countRows('orders');
      const res = await expectError(place(orderBody(menu, { customerName: 'Someone Else' }), 'replay-3'), 422);
      expect(res.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await countRows('orders')).toBe(before);
    });

    it('creates exactly one order from 25 concurrent duplicates', async () => {
      const before = await countRows('orders');
      const body = orderBody(menu, { customerName: 'Race Condition' });
      const answers = await Promise.all(Array.from({ length: 25 }, () => place(body, 'race-1')));
      expect(answers.map((a) => a.response.status)).toEqual(Array(25).fill(201));
      expect(new Set(answers.map((a) => a.data?.id)).size).toBe(1);
      expect(await countRows('orders')).toBe(before + 1);
    });

    it('replays the first answer even after the dish sold out', async () => {
      const knots = menuItem(menu, 'Garlic Knots');
      const body = orderBody(menu, { items: [{ menuItemId: knots.id, quantity: 3 }] });
      const first = await expectStatus(place(body, 'replay-after-sold-out'), 201);
      await updateDish(knots.id, { available: false });
      try {
        const again = await expectStatus(place(body, 'replay-after-sold-out'), 201);
        expect(again).toEqual(first);
        const fresh = await expectError(place(body, 'new-after-sold-out'), 422);
        expect(fresh.code).toBe('ITEM_UNAVAILABLE');
      } finally {
        await updateDish(knots.id, { available: true });
      }
    });

    it('replays the first answer even after the restaurant closed', async () => {
      const body = orderBody(menu, { customerName: 'Last Orders' });
      clock.set('2026-03-11T04:59:00Z'); // Tuesday 21:59 in Los Angeles
      const first = await expectStatus(place(body, 'replay-after-closing'), 201);
      clock.set('2026-03-11T05:30:00Z'); // 22:30: closed
      const again = await expectAnswer(place(body, 'replay-after-closing'), 201);
      expect(again.body).toEqual(first);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const fresh = await expectError(place(body, 'new-after-closing'), 422);
      expect(fresh.code).toBe('RESTAURANT_CLOSED');
    });

    // Off the contract on purpose (the document allows 1-255 printable characters), so sent with supertest.
    it('refuses a key that is too long or not printable', async () => {
      await request(t.url).post('/api/orders').set('Idempotency-Key', 'x'.repeat(256)).send(orderBody(menu)).expect(400);
    });
  });

  describe('lifecycle (PATCH /api/orders/:id/status)', () => {
    it('moves a delivery order through every status and keeps the history', async () => {
      const placed = await expectStatus(
        place(orderBody(menu, { fulfillment: 'delivery', deliveryAddress: '221 Pine St, Seattle, WA 98101' })),
        201,
      );
      const id = placed.id;
      for (const status of ['confirmed', 'preparing', 'ready', 'out_for_delivery', 'completed'] as const) {
        const res = await expectStatus(changeStatus(id, status), 200);
        expect(res.status).toBe(status);
      }
      const back = await getOrder(id);
      expect(statusHistory(back).map((h) => `${h.from}>${h.to}`)).toEqual([
        'null>received',
        'received>confirmed',
        'confirmed>preparing',
        'preparing>ready',
        'ready>out_for_delivery',
        'out_for_delivery>completed',
      ]);
      expect(statusHistory(back)[1].actor).toBe('admin-api');
      expect(back.nextStatuses).toEqual([]);
    });

    it('answers 409 for an illegal move, saying what is allowed', async () => {
      const placed = await expectStatus(place(orderBody(menu)), 201);
      const res = await expectError(changeStatus(placed.id, 'ready'), 409);
      expect(res).toMatchObject({ statusCode: 409, code: 'ILLEGAL_TRANSITION', allowed: ['confirmed', 'cancelled'] });
      expect(res.message).toMatch(/is received; it can move to confirmed or cancelled/);
      await expectStatus(changeStatus(placed.id, 'cancelled'), 200);
      await expectError(changeStatus(placed.id, 'confirmed'), 409);
    });

    it('keeps a consistent history under concurrent changes to one order', async () => {
      const placed = await expectStatus(place(orderBody(menu)), 201);
      const id = placed.id;
      const results = await Promise.all(
        (['confirmed', 'cancelled', 'confirmed', 'cancelled', 'confirmed'] as const).map((status) => changeStatus(id, status)),
      );
      const statuses = results.map((r) => r.response.status);
      expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
      const ok = statuses.filter((s) => s === 200);
      const back = await getOrder(id);
      const history = statusHistory(back);
      expect(history.length).toBe(1 + ok.length);
      for (let i = 1; i < history.length; i++) expect(history[i].from).toBe(history[i - 1].to);
      expect(back.status).toBe(history[history.length - 1].to);
    });

    it('404s for an order that does not exist and 400s for a bad status', async () => {
      await expectError(changeStatus('00000000-0000-4000-8000-000000000000', 'confirmed'), 404);
      const placed = await expectStatus(place(orderBody(menu)), 201);
      // A status the document does not list is off the contract on purpose: supertest.
      const res = await request(t.url).patch(`/api/orders/${placed.id}/status`).set(admin).send({ status: 'eaten' }).expect(400);
      expect(res.body.message).toEqual([expect.stringMatching(/^status must be one of received, confirmed/)]);
    });
  });

  describe('GET /api/orders (admin)', () => {
    it('lists newest first with filters and cursor pagination', async () => {
      const mine = [];
      for (let i = 0; i < 5; i++) {
        mine.push(
          await expectStatus(place(orderBody(menu, { customerName: `Paging Person ${i}`, channel: i % 2 ? 'mobile' : 'web' })), 201),
        );
      }
      const page1 = await listOrders({ q: 'Paging Person', limit: 2 });
      expect(ids(page1.items)).toEqual([mine[4].id, mine[3].id]);
      const page2 = await listOrders({ q: 'Paging Person', limit: 2, cursor: page1.nextCursor ?? undefined });
      expect(ids(page2.items)).toEqual([mine[2].id, mine[1].id]);
      const page3 = await listOrders({ q: 'Paging Person', limit: 2, cursor: page2.nextCursor ?? undefined });
      expect(ids(page3.items)).toEqual([mine[0].id]);
      expect(page3.nextCursor).toBeNull();

      const mobile = await listOrders({ q: 'Paging Person', channel: ['mobile'] });
      expect(ids(mobile.items)).toEqual([mine[3].id, mine[1].id]);
      // A list is sent as the document says (one parameter per value) and read as such.
      const either = await listOrders({ q: 'Paging Person', channel: ['web', 'mobile'] });
      expect(ids(either.items)).toEqual(ids(mine).reverse());

      await expectStatus(changeStatus(mine[0].id, 'confirmed'), 200);
      const confirmed = await listOrders({ q: 'Paging', status: ['confirmed'] });
      expect(ids(confirmed.items)).toEqual([mine[0].id]);

      const byNumber = await listOrders({ q: mine[2].orderNumber.replace('-', '').toLowerCase() });
      expect(ids(byNumber.items)).toEqual([mine[2].id]);

      const today = mine[0].businessDate;
      const inRange = await listOrders({ q: 'Paging', from: today, to: today, limit: 100 });
      expect(inRange.items).toHaveLength(5);
      const before = await listOrders({ q: 'Paging', to: '2000-01-01' });
      expect(before.items).toHaveLength(0);
      const since = await listOrders({ q: 'Paging', from: mine[3].createdAt });
      expect(ids(since.items)).toEqual([mine[4].id, mine[3].id]);
    });

    it('defaults to 20 per page and refuses limits outside 1..100', async () => {
      for (let i = 0; i < 21; i++) await expectStatus(place(orderBody(menu)), 201);
      const page = await listOrders({});
      expect(page.items).toHaveLength(20);
      expect(page.nextCursor).toEqual(expect.any(String));
      // Values outside the document's bounds and enums are off the contract on purpose: supertest.
      await request(t.url).get('/api/orders?limit=0').set(admin).expect(400);
      await request(t.url).get('/api/orders?limit=101').set(admin).expect(400);
      await request(t.url).get('/api/orders?status=eaten').set(admin).expect(400);
      await expectError(adminClient.GET('/api/orders', { params: { query: { from: 'yesterday' } } }), 400);
      for (const query of [{ from: '2025-02-30' }, { to: '2025-11-28T25:00Z' }, { from: '2025-11-28T10:00' }]) {
        const refused = await expectError(adminClient.GET('/api/orders', { params: { query } }), 400);
        expect(refused.message).toEqual([`${Object.keys(query)[0]} must be YYYY-MM-DD or an ISO 8601 timestamp`]);
      }
      await expectError(adminClient.GET('/api/orders', { params: { query: { cursor: 'bm9wZQ' } } }), 400);
    });

    it('refuses without the admin token', async () => {
      await expectError(client.GET('/api/orders'), 401);
      await expectError(api(t.url, { headers: { Authorization: 'Bearer wrong' } }).GET('/api/orders'), 401);
      const placed = await expectStatus(place(orderBody(menu)), 201);
      await expectError(
        client.PATCH('/api/orders/{id}/status', { params: { path: { id: placed.id } }, body: { status: 'confirmed' } }),
        401,
      );
    });
  });
});
