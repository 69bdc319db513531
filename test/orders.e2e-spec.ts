import request from 'supertest';
import { admin, fetchMenu, menuItem, MenuRow, offContractBody, orderBody } from './support/orders.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { ORDINARY_NOON, TestClock } from './support/test-clock.js';

/** The production hours, in Los Angeles (the test app's RESTAURANT_TIMEZONE). */
const HOURS = 'Mon-Fri 11:00-22:00; Sat-Sun 12:00-23:00';
/** Tuesday 2026-03-10, 12:00 PDT (UTC-7): open. Every test starts here. */
const OPEN = ORDINARY_NOON;

describe('orders API', () => {
  let t: TestApp;
  let menu: MenuRow[];
  // Each reading moves the clock on 1 ms, so orders and status changes made one after another keep their order.
  const clock = new TestClock(OPEN, { stepMs: 1 });

  beforeAll(async () => {
    t = await createTestApp({ clock, env: { OPENING_HOURS: HOURS } });
    menu = await fetchMenu(t.url);
  });
  beforeEach(() => clock.set(OPEN));
  afterAll(() => t.close());

  const countRows = async (table: string) => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  describe('POST /api/orders', () => {
    it('prices the order on the server and returns it with 201', async () => {
      const res = await request(t.url).post('/api/orders').send(orderBody(menu)).expect(201);
      const o = res.body;
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
      const back = await request(t.url).get(`/api/orders/${o.id}`).expect(200);
      expect(back.body).toMatchObject({ id: o.id, orderNumber: o.orderNumber, totalCents: o.totalCents });
      expect(back.body.history).toEqual([{ kind: 'status', from: null, to: 'received', actor: 'web', note: null, at: o.createdAt }]);
      // The creation entry is read from the order row: placing an order writes no history row.
      expect(await t.dataSource.query(`SELECT 1 FROM order_history WHERE order_id = $1`, [o.id])).toEqual([]);
    });

    it('accepts a phone number written with spaces and dashes and stores it as E.164', async () => {
      const res = await request(t.url)
        .post('/api/orders')
        .send(orderBody(menu, { customerPhone: '+1 (206) 555-0199' }))
        .expect(201);
      expect(res.body.customerPhone).toBe('+12065550199');
    });

    it('starts a card payment: pending, with a client secret', async () => {
      const res = await request(t.url)
        .post('/api/orders')
        .send(orderBody(menu, { paymentMethod: 'card', channel: 'mobile' }))
        .expect(201);
      expect(res.body.paymentStatus).toBe('pending');
      expect(res.body.channel).toBe('mobile');
      expect(res.body.payment.clientSecret).toEqual(expect.any(String));
    });

    it('snapshots name and unit price: a later menu change does not touch placed orders', async () => {
      const tiramisu = menuItem(menu, 'Tiramisu');
      const placed = await request(t.url).post('/api/orders').send(orderBody(menu)).expect(201);
      await request(t.url).patch(`/api/menu/${tiramisu.id}`).set(admin).send({ priceCents: 999, name: 'Tiramisu Classico' }).expect(200);
      const back = await request(t.url).get(`/api/orders/${placed.body.id}`).expect(200);
      expect(back.body.items[1]).toMatchObject({ name: 'Tiramisu', unitPriceCents: 850 });
      await request(t.url).patch(`/api/menu/${tiramisu.id}`).set(admin).send({ priceCents: 850, name: 'Tiramisu' }).expect(200);
    });

    it('refuses an unknown or unavailable dish with 422 ITEM_UNAVAILABLE and stores nothing', async () => {
      const before = await countRows('orders');
      const unknown = await request(t.url)
        .post('/api/orders')
        .send(orderBody(menu, { items: [{ menuItemId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] }))
        .expect(422);
      expect(unknown.body).toMatchObject({ statusCode: 422, code: 'ITEM_UNAVAILABLE' });

      const wings = menuItem(menu, 'Chicken Wings');
      await request(t.url).patch(`/api/menu/${wings.id}`).set(admin).send({ available: false }).expect(200);
      const res = await request(t.url)
        .post('/api/orders')
        .send(orderBody(menu, { items: [{ menuItemId: wings.id, quantity: 1 }] }))
        .expect(422);
      expect(res.body).toMatchObject({ code: 'ITEM_UNAVAILABLE', message: 'Sorry, Chicken Wings is not available right now.' });
      await request(t.url).patch(`/api/menu/${wings.id}`).set(admin).send({ available: true }).expect(200);
      expect(await countRows('orders')).toBe(before);
    });

    it('refuses an order outside opening hours with 422 RESTAURANT_CLOSED and stores nothing; takes it once open', async () => {
      const stored = async () => ({ orders: await countRows('orders'), keys: await countRows('idempotency_keys') });
      const before = await stored();
      const body = orderBody(menu, { customerName: 'Early Bird' });
      const closedMessage = 'Sorry, Test Trattoria is closed right now. Today we are open 11:00 to 22:00.';

      clock.set('2026-03-10T17:59:00Z'); // Tuesday 10:59 in Los Angeles
      const early = await request(t.url).post('/api/orders').set('Idempotency-Key', 'opening-minute').send(body).expect(422);
      expect(early.body).toMatchObject({ statusCode: 422, code: 'RESTAURANT_CLOSED', message: closedMessage });
      const quote = await request(t.url).post('/api/orders/quote').send(body).expect(422);
      expect(quote.body.code).toBe('RESTAURANT_CLOSED');
      expect(await stored()).toEqual(before);

      clock.set('2026-03-10T18:00:00Z'); // 11:00: open; the refused attempt did not use up its key
      const first = await request(t.url).post('/api/orders').set('Idempotency-Key', 'opening-minute').send(body).expect(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(first.body).toMatchObject({ createdAt: '2026-03-10T18:00:00.000Z', businessDate: '2026-03-10' });

      clock.set('2026-03-11T04:59:00Z'); // 21:59: still open
      await request(t.url).post('/api/orders').send(body).expect(201);
      clock.set('2026-03-11T05:00:00Z'); // 22:00: closed
      const late = await request(t.url).post('/api/orders').send(body).expect(422);
      expect(late.body).toMatchObject({ code: 'RESTAURANT_CLOSED', message: closedMessage });
      expect(await stored()).toEqual({ orders: before.orders + 2, keys: before.keys + 1 });
    });

    it('refuses prices or totals sent by the client', async () => {
      const res = await request(t.url)
        .post('/api/orders')
        .send(offContractBody(menu, { totalCents: 1 }))
        .expect(400);
      expect(res.body.message).toContain('property totalCents should not exist');
      const line = { menuItemId: menuItem(menu, 'Tiramisu').id, quantity: 1, unitPriceCents: 1 };
      const res2 = await request(t.url)
        .post('/api/orders')
        .send(orderBody(menu, { items: [line] }))
        .expect(400);
      expect(res2.body.message).toContain('items.0.property unitPriceCents should not exist');
    });

    it('requires an address for delivery', async () => {
      const res = await request(t.url)
        .post('/api/orders')
        .send(orderBody(menu, { fulfillment: 'delivery' }))
        .expect(400);
      expect(res.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/deliveryAddress/)]));
    });
  });

  describe('POST /api/orders/quote', () => {
    it('prices without storing', async () => {
      const before = await countRows('orders');
      const res = await request(t.url).post('/api/orders/quote').send(orderBody(menu)).expect(200);
      expect(res.body).toMatchObject({ subtotalCents: 3750, taxCents: 375, totalCents: 4125, deliveryFeeCents: 0, currency: 'USD' });
      expect(await countRows('orders')).toBe(before);
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first status and body for the same key and body', async () => {
      const body = orderBody(menu);
      const first = await request(t.url).post('/api/orders').set('Idempotency-Key', 'replay-1').send(body).expect(201);
      await request(t.url).patch(`/api/orders/${first.body.id}/status`).set(admin).send({ status: 'confirmed' }).expect(200);
      const again = await request(t.url).post('/api/orders').set('Idempotency-Key', 'replay-1').send(body).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
    });

    it('treats the same fields in another order as the same body', async () => {
      const body = orderBody(menu);
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const first = await request(t.url).post('/api/orders').set('Idempotency-Key', 'replay-2').send(body).expect(201);
      const again = await request(t.url).post('/api/orders').set('Idempotency-Key', 'replay-2').send(reordered).expect(201);
      expect(again.body.id).toBe(first.body.id);
    });

    it('rejects a used key with a different body (422) and stores nothing', async () => {
      await request(t.url).post('/api/orders').set('Idempotency-Key', 'replay-3').send(orderBody(menu)).expect(201);
      const before = await countRows('orders');
      const res = await request(t.url)
        .post('/api/orders')
        .set('Idempotency-Key', 'replay-3')
        .send(orderBody(menu, { customerName: 'Someone Else' }))
        .expect(422);
      expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await countRows('orders')).toBe(before);
    });

    it('creates exactly one order from 25 concurrent duplicates', async () => {
      const before = await countRows('orders');
      const body = orderBody(menu, { customerName: 'Race Condition' });
      const responses = await Promise.all(
        Array.from({ length: 25 }, () => request(t.url).post('/api/orders').set('Idempotency-Key', 'race-1').send(body)),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(25).fill(201));
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      expect(await countRows('orders')).toBe(before + 1);
    });

    it('replays the first answer even after the dish sold out', async () => {
      const knots = menuItem(menu, 'Garlic Knots');
      const body = orderBody(menu, { items: [{ menuItemId: knots.id, quantity: 3 }] });
      const first = await request(t.url).post('/api/orders').set('Idempotency-Key', 'replay-after-sold-out').send(body).expect(201);
      await request(t.url).patch(`/api/menu/${knots.id}`).set(admin).send({ available: false }).expect(200);
      try {
        const again = await request(t.url).post('/api/orders').set('Idempotency-Key', 'replay-after-sold-out').send(body).expect(201);
        expect(again.body).toEqual(first.body);
        const fresh = await request(t.url).post('/api/orders').set('Idempotency-Key', 'new-after-sold-out').send(body).expect(422);
        expect(fresh.body.code).toBe('ITEM_UNAVAILABLE');
      } finally {
        await request(t.url).patch(`/api/menu/${knots.id}`).set(admin).send({ available: true }).expect(200);
      }
    });

    it('replays the first answer even after the restaurant closed', async () => {
      const body = orderBody(menu, { customerName: 'Last Orders' });
      clock.set('2026-03-11T04:59:00Z'); // Tuesday 21:59 in Los Angeles
      const first = await request(t.url).post('/api/orders').set('Idempotency-Key', 'replay-after-closing').send(body).expect(201);
      clock.set('2026-03-11T05:30:00Z'); // 22:30: closed
      const again = await request(t.url).post('/api/orders').set('Idempotency-Key', 'replay-after-closing').send(body).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const fresh = await request(t.url).post('/api/orders').set('Idempotency-Key', 'new-after-closing').send(body).expect(422);
      expect(fresh.body.code).toBe('RESTAURANT_CLOSED');
    });

    it('refuses a key that is too long or not printable', async () => {
      await request(t.url).post('/api/orders').set('Idempotency-Key', 'x'.repeat(256)).send(orderBody(menu)).expect(400);
    });
  });

  describe('lifecycle (PATCH /api/orders/:id/status)', () => {
    it('moves a delivery order through every status and keeps the history', async () => {
      const placed = await request(t.url)
        .post('/api/orders')
        .send(orderBody(menu, { fulfillment: 'delivery', deliveryAddress: '221 Pine St, Seattle, WA 98101' }))
        .expect(201);
      const id = placed.body.id;
      for (const status of ['confirmed', 'preparing', 'ready', 'out_for_delivery', 'completed']) {
        const res = await request(t.url).patch(`/api/orders/${id}/status`).set(admin).send({ status }).expect(200);
        expect(res.body.status).toBe(status);
      }
      const back = await request(t.url).get(`/api/orders/${id}`).expect(200);
      expect(back.body.history.map((h: { from: string; to: string }) => `${h.from}>${h.to}`)).toEqual([
        'null>received',
        'received>confirmed',
        'confirmed>preparing',
        'preparing>ready',
        'ready>out_for_delivery',
        'out_for_delivery>completed',
      ]);
      expect(back.body.history[1].actor).toBe('admin-api');
      expect(back.body.nextStatuses).toEqual([]);
    });

    it('answers 409 for an illegal move, saying what is allowed', async () => {
      const placed = await request(t.url).post('/api/orders').send(orderBody(menu)).expect(201);
      const res = await request(t.url).patch(`/api/orders/${placed.body.id}/status`).set(admin).send({ status: 'ready' }).expect(409);
      expect(res.body).toMatchObject({ statusCode: 409, code: 'ILLEGAL_TRANSITION', allowed: ['confirmed', 'cancelled'] });
      expect(res.body.message).toMatch(/is received; it can move to confirmed or cancelled/);
      await request(t.url).patch(`/api/orders/${placed.body.id}/status`).set(admin).send({ status: 'cancelled' }).expect(200);
      await request(t.url).patch(`/api/orders/${placed.body.id}/status`).set(admin).send({ status: 'confirmed' }).expect(409);
    });

    it('keeps a consistent history under concurrent changes to one order', async () => {
      const placed = await request(t.url).post('/api/orders').send(orderBody(menu)).expect(201);
      const id = placed.body.id;
      const results = await Promise.all(
        ['confirmed', 'cancelled', 'confirmed', 'cancelled', 'confirmed'].map((status) =>
          request(t.url).patch(`/api/orders/${id}/status`).set(admin).send({ status }),
        ),
      );
      const ok = results.filter((r) => r.status === 200);
      expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
      const back = await request(t.url).get(`/api/orders/${id}`).expect(200);
      const history = back.body.history as { from: string; to: string }[];
      expect(history.length).toBe(1 + ok.length);
      for (let i = 1; i < history.length; i++) expect(history[i].from).toBe(history[i - 1].to);
      expect(back.body.status).toBe(history[history.length - 1].to);
    });

    it('404s for an order that does not exist and 400s for a bad status', async () => {
      await request(t.url)
        .patch('/api/orders/00000000-0000-4000-8000-000000000000/status')
        .set(admin)
        .send({ status: 'confirmed' })
        .expect(404);
      const placed = await request(t.url).post('/api/orders').send(orderBody(menu)).expect(201);
      const res = await request(t.url).patch(`/api/orders/${placed.body.id}/status`).set(admin).send({ status: 'eaten' }).expect(400);
      expect(res.body.message).toEqual([expect.stringMatching(/^status must be one of received, confirmed/)]);
    });
  });

  describe('GET /api/orders (admin)', () => {
    it('lists newest first with filters and cursor pagination', async () => {
      const mine = [];
      for (let i = 0; i < 5; i++) {
        const res = await request(t.url)
          .post('/api/orders')
          .send(orderBody(menu, { customerName: `Paging Person ${i}`, channel: i % 2 ? 'mobile' : 'web' }))
          .expect(201);
        mine.push(res.body);
      }
      const page1 = await request(t.url).get('/api/orders?q=Paging%20Person&limit=2').set(admin).expect(200);
      expect(page1.body.items.map((o: { id: string }) => o.id)).toEqual([mine[4].id, mine[3].id]);
      const page2 = await request(t.url)
        .get(`/api/orders?q=Paging%20Person&limit=2&cursor=${page1.body.nextCursor}`)
        .set(admin)
        .expect(200);
      expect(page2.body.items.map((o: { id: string }) => o.id)).toEqual([mine[2].id, mine[1].id]);
      const page3 = await request(t.url)
        .get(`/api/orders?q=Paging%20Person&limit=2&cursor=${page2.body.nextCursor}`)
        .set(admin)
        .expect(200);
      expect(page3.body.items.map((o: { id: string }) => o.id)).toEqual([mine[0].id]);
      expect(page3.body.nextCursor).toBeNull();

      const mobile = await request(t.url).get('/api/orders?q=Paging%20Person&channel=mobile').set(admin).expect(200);
      expect(mobile.body.items.map((o: { id: string }) => o.id)).toEqual([mine[3].id, mine[1].id]);

      await request(t.url).patch(`/api/orders/${mine[0].id}/status`).set(admin).send({ status: 'confirmed' }).expect(200);
      const confirmed = await request(t.url).get('/api/orders?q=Paging&status=confirmed').set(admin).expect(200);
      expect(confirmed.body.items.map((o: { id: string }) => o.id)).toEqual([mine[0].id]);

      const byNumber = await request(t.url)
        .get(`/api/orders?q=${mine[2].orderNumber.replace('-', '').toLowerCase()}`)
        .set(admin)
        .expect(200);
      expect(byNumber.body.items.map((o: { id: string }) => o.id)).toEqual([mine[2].id]);

      const today = mine[0].businessDate;
      const inRange = await request(t.url).get(`/api/orders?q=Paging&from=${today}&to=${today}&limit=100`).set(admin).expect(200);
      expect(inRange.body.items).toHaveLength(5);
      const before = await request(t.url).get('/api/orders?q=Paging&to=2000-01-01').set(admin).expect(200);
      expect(before.body.items).toHaveLength(0);
      const since = await request(t.url)
        .get(`/api/orders?q=Paging&from=${encodeURIComponent(mine[3].createdAt)}`)
        .set(admin)
        .expect(200);
      expect(since.body.items.map((o: { id: string }) => o.id)).toEqual([mine[4].id, mine[3].id]);
    });

    it('defaults to 20 per page and refuses limits outside 1..100', async () => {
      for (let i = 0; i < 21; i++) await request(t.url).post('/api/orders').send(orderBody(menu)).expect(201);
      const res = await request(t.url).get('/api/orders').set(admin).expect(200);
      expect(res.body.items).toHaveLength(20);
      expect(res.body.nextCursor).toEqual(expect.any(String));
      await request(t.url).get('/api/orders?limit=0').set(admin).expect(400);
      await request(t.url).get('/api/orders?limit=101').set(admin).expect(400);
      await request(t.url).get('/api/orders?status=eaten').set(admin).expect(400);
      await request(t.url).get('/api/orders?from=yesterday').set(admin).expect(400);
      for (const bound of ['from=2025-02-30', 'to=2025-11-28T25:00Z', 'from=2025-11-28T10:00']) {
        const refused = await request(t.url).get(`/api/orders?${bound}`).set(admin).expect(400);
        expect(refused.body.message).toEqual([`${bound.split('=')[0]} must be YYYY-MM-DD or an ISO 8601 timestamp`]);
      }
      await request(t.url).get('/api/orders?cursor=bm9wZQ').set(admin).expect(400);
    });

    it('refuses without the admin token', async () => {
      await request(t.url).get('/api/orders').expect(401);
      await request(t.url).get('/api/orders').set('Authorization', 'Bearer wrong').expect(401);
      const placed = await request(t.url).post('/api/orders').send(orderBody(menu)).expect(201);
      await request(t.url).patch(`/api/orders/${placed.body.id}/status`).send({ status: 'confirmed' }).expect(401);
    });
  });
});
