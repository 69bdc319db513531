import { api, expectError, expectStatus } from './support/api.js';
import { fetchMenu, MenuRow, orderBody } from './support/orders.js';
import { ORDER_AHEAD_TEST_ENV, takeOrdersNormally } from './support/order-ahead.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';
import { OrderingStateService } from '@/scheduling/ordering-state.service.js';

/**
 * Promised times, order-ahead, slot capacity and the pause switch, through the REST API on the database of the run
 * (PGlite or PostgreSQL). The restaurant is in Los Angeles, open 11:00-22:00, with 15-minute slots, 30 minutes' lead,
 * 2 days ahead and two pickup orders (one delivery) per slot; the clock is Friday 2026-12-04, 17:02 PST.
 */
describe('order ahead and kitchen capacity', () => {
  const NOW = '2026-12-05T01:02:00Z'; // Friday 17:02 in Los Angeles
  const clock = new TestClock(NOW, { stepMs: 1 });
  let t: TestApp;
  let menu: MenuRow[];

  beforeAll(async () => {
    t = await createTestApp({
      clock,
      env: {
        ...ORDER_AHEAD_TEST_ENV,
        SLOT_CAPACITY_PICKUP: '2',
      },
    });
    menu = await fetchMenu(t.url);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    clock.set(NOW);
    await takeOrdersNormally(t);
  });

  const count = async () => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM orders`))[0].n);
  const place = (overrides: Parameters<typeof orderBody>[1] = {}) => api(t.url).POST('/api/orders', { body: orderBody(menu, overrides) });
  const slots = (date: string, fulfillment: 'pickup' | 'delivery' = 'pickup') =>
    expectStatus(api(t.url).GET('/api/slots', { params: { query: { date, fulfillment } } }), 200);

  it('promises an order placed now: base + portions, in restaurant time, and the kitchen starts at once', async () => {
    // Two pizzas and a tiramisu (the demo sets a dessert to 1 minute): 15 + 2 x 2 + 1 = 20 minutes.
    const order = await expectStatus(place({ customerName: 'Now' }), 201);
    expect(order).toMatchObject({
      requestedTime: null,
      promisedAt: '2026-12-04T17:22:00.000-08:00',
      prepStartAt: '2026-12-04T17:02:00.000-08:00',
      businessDate: '2026-12-04',
    });
    // The same promise is read back, and the quote tells it before ordering.
    expect((await expectStatus(api(t.url).GET('/api/orders/{id}', { params: { path: { id: order.id } } }), 200)).promisedAt).toBe(
      order.promisedAt,
    );
    const quote = await expectStatus(api(t.url).POST('/api/orders/quote', { body: orderBody(menu) }), 200);
    expect(quote).toMatchObject({ requestedTime: null, promisedAt: '2026-12-04T17:22:00.000-08:00' });
  });

  it('lists the open slots of a day from the lead time on, and none for a day out of reach', async () => {
    const today = await slots('2026-12-04');
    expect(today).toMatchObject({
      date: '2026-12-04',
      fulfillment: 'pickup',
      slotMinutes: 15,
      timezone: 'America/Los_Angeles',
      paused: false,
    });
    // 17:02 + 30 minutes: from 17:45 (17:32 is not a boundary), to 21:45.
    expect(today.slots[0]).toEqual({ start: '2026-12-04T17:45:00.000-08:00', time: '17:45', capacity: 2, remaining: 2 });
    expect(today.slots.at(-1)!.time).toBe('21:45');
    expect(today.slots).toHaveLength(17);
    expect((await slots('2026-12-05')).slots[0].time).toBe('11:00');
    expect((await slots('2026-12-07')).slots).toEqual([]); // Monday: more than 2 days ahead
    expect((await slots('2026-12-03')).slots).toEqual([]); // yesterday
  });

  it('refuses a bad query with 400 and the field', async () => {
    const bad = await expectError(api(t.url).GET('/api/slots', { params: { query: { date: '2026-02-30', fulfillment: 'pickup' } } }), 400);
    expect(bad.message).toContain('date must be a day as YYYY-MM-DD');
    const noFulfillment = await expectError(
      api(t.url).GET('/api/slots', { params: { query: { date: '2026-12-04', fulfillment: 'drive-through' as 'pickup' } } }),
      400,
    );
    expect(noFulfillment.message).toEqual(['fulfillment must be one of the following values: pickup, delivery']);
  });

  it('takes an order for a later time: promised then, on the day it is for, started early enough', async () => {
    const order = await expectStatus(place({ customerName: 'Tomorrow', requestedTime: '2026-12-05T19:30:00-08:00' }), 201);
    expect(order).toMatchObject({
      requestedTime: '2026-12-05T19:30:00.000-08:00',
      promisedAt: '2026-12-05T19:30:00.000-08:00',
      prepStartAt: '2026-12-05T19:10:00.000-08:00',
      businessDate: '2026-12-05',
    });
    const slot = (await slots('2026-12-05')).slots.find((s) => s.time === '19:30');
    expect(slot?.remaining).toBe(1);
  });

  it('takes an order ahead while the restaurant is closed, for a time it is open', async () => {
    clock.set('2026-12-05T07:00:00Z'); // 23:00, closed
    await expectError(place(), 422);
    const order = await expectStatus(place({ requestedTime: '2026-12-05T12:00:00-08:00' }), 201);
    expect(order.promisedAt).toBe('2026-12-05T12:00:00.000-08:00');
  });

  it.each([
    [
      'TIME_TOO_SOON',
      '2026-12-04T17:15:00-08:00',
      "Sorry, we need at least 30 minutes' notice for an order ahead. We have 5:45 pm, 6 pm or 6:15 pm.",
    ],
    [
      'TIME_NOT_ON_SLOT',
      '2026-12-04T19:07:00-08:00',
      'We schedule orders every 15 minutes, on the hour and past it. We have 7 pm, 7:15 pm or 7:30 pm.',
    ],
    ['TIME_CLOSED', '2026-12-04T23:00:00-08:00', 'Sorry, we are closed at 11 pm. We have tomorrow at 11 am, 11:15 am or 11:30 am.'],
    ['TIME_TOO_FAR', '2026-12-07T12:00:00-08:00', 'Sorry, we take orders at most 2 days ahead.'],
  ])('refuses %s with 422, the sentence and the next open slots, and stores nothing', async (code, requestedTime, message) => {
    const before = await count();
    const refused = await expectError(place({ requestedTime }), 422);
    expect(refused).toMatchObject({ code, message, requestedTime: requestedTime.replace('-08:00', '.000-08:00') });
    expect(refused.nextSlots).toHaveLength(code === 'TIME_TOO_FAR' ? 0 : 3);
    expect(await count()).toBe(before);
  });

  it('refuses a time without its offset with 400', async () => {
    const bad = await expectError(place({ requestedTime: '2026-12-04T19:30:00' }), 400);
    expect(bad.message).toEqual(['requestedTime must be a time with its offset, such as 2026-12-04T19:30:00-08:00']);
  });

  it('fills a slot to its capacity, then refuses it with SLOT_FULL and the next open slots; a cancel gives a place back', async () => {
    const at = '2026-12-04T20:00:00-08:00';
    const first = await expectStatus(place({ requestedTime: at, customerName: 'First' }), 201);
    await expectStatus(place({ requestedTime: at, customerName: 'Second' }), 201);
    const full = await expectError(place({ requestedTime: at, customerName: 'Third' }), 422);
    expect(full).toMatchObject({ code: 'SLOT_FULL', message: 'Sorry, 8 pm is fully booked. We have 8:15 pm, 8:30 pm or 8:45 pm.' });
    expect(full.nextSlots!.map((s) => s.time)).toEqual(['20:15', '20:30', '20:45']);
    expect((await slots('2026-12-04')).slots.map((s) => s.time)).not.toContain('20:00');

    await expectStatus(
      api(t.url, { admin: true }).PATCH('/api/orders/{id}/status', { params: { path: { id: first.id } }, body: { status: 'cancelled' } }),
      200,
    );
    await expectStatus(place({ requestedTime: at, customerName: 'Third again' }), 201);
  });

  it('keeps delivery and pickup capacity apart', async () => {
    const at = '2026-12-04T20:30:00-08:00';
    const delivery = { fulfillment: 'delivery' as const, deliveryAddress: 'Pike Place @47.6097,-122.3422', requestedTime: at };
    await expectStatus(place(delivery), 201);
    expect((await expectError(place(delivery), 422)).code).toBe('SLOT_FULL');
    await expectStatus(place({ requestedTime: at }), 201); // pickup still has room
  });

  it('lets exactly one of 50 clients racing for the last place have it', async () => {
    const at = '2026-12-04T21:00:00-08:00';
    await expectStatus(place({ requestedTime: at, customerName: 'Early bird' }), 201);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api(t.url).POST('/api/orders', { body: orderBody(menu, { requestedTime: at, customerName: `Racer ${i}` }) }),
      ),
    );
    const statuses = answers.map((a) => a.response.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 422)).toHaveLength(49);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM orders WHERE promised_at = $1 AND fulfillment = 'pickup' AND status <> 'cancelled'`,
      [new Date(at).toISOString()],
    );
    expect(n).toBe(2);
  });

  it('moves an order placed now to the next slot with room when its own is full', async () => {
    clock.set('2026-12-05T19:00:00Z'); // Saturday 11:00
    const first = await expectStatus(place({ customerName: 'A' }), 201); // 11:20, slot 11:15
    await expectStatus(place({ customerName: 'B' }), 201);
    const third = await expectStatus(place({ customerName: 'C' }), 201);
    expect(first.promisedAt).toBe('2026-12-05T11:20:00.000-08:00');
    expect(third.promisedAt).toBe('2026-12-05T11:30:00.000-08:00');
    expect(third.prepStartAt).toBe('2026-12-05T11:10:00.000-08:00');
  });

  it('adds busy minutes to every promise made while they last', async () => {
    clock.set('2026-12-05T22:00:00Z'); // Saturday 14:00
    await t.app.get(OrderingStateService).set({ busyMinutes: 20, busyUntil: new Date('2026-12-05T23:00:00Z') }, 'test');
    expect((await expectStatus(place(), 201)).promisedAt).toBe('2026-12-05T14:40:00.000-08:00');
    clock.set('2026-12-05T23:00:00Z'); // the busy time is over at 15:00
    expect((await expectStatus(place(), 201)).promisedAt).toBe('2026-12-05T15:20:00.000-08:00');
  });

  it('refuses every order while paused with ORDERING_PAUSED and when it resumes, then takes them again by itself', async () => {
    await t.app.get(OrderingStateService).set({ paused: true, resumesAt: new Date('2026-12-05T01:30:00Z') }, 'test');
    const before = await count();
    const paused = await expectError(place(), 422);
    expect(paused).toMatchObject({
      code: 'ORDERING_PAUSED',
      message: 'Sorry, Test Trattoria is not taking new orders right now. We start again at 5:30 pm.',
      resumesAt: '2026-12-04T17:30:00.000-08:00',
    });
    expect((await expectError(place({ requestedTime: '2026-12-05T12:00:00-08:00' }), 422)).code).toBe('ORDERING_PAUSED');
    expect((await expectError(api(t.url).POST('/api/orders/quote', { body: orderBody(menu) }), 422)).code).toBe('ORDERING_PAUSED');
    expect(await slots('2026-12-05')).toMatchObject({ paused: true, resumesAt: '2026-12-04T17:30:00.000-08:00' });
    expect(await count()).toBe(before);

    clock.set('2026-12-05T01:30:00Z');
    await expectStatus(place(), 201);
  });
});

/** The nights the clocks change, through the API: New York going forward, Berlin going back. */
describe('order ahead on the nights the clocks change', () => {
  const clock = new TestClock('2026-03-08T05:40:00Z', { stepMs: 1 });
  let t: TestApp;
  let menu: MenuRow[];

  afterEach(() => t.close());
  const place = (overrides: Parameters<typeof orderBody>[1] = {}) => api(t.url).POST('/api/orders', { body: orderBody(menu, overrides) });
  const slotTimes = async (date: string) =>
    (await expectStatus(api(t.url).GET('/api/slots', { params: { query: { date, fulfillment: 'pickup' } } }), 200)).slots.map(
      (s) => s.start,
    );
  const start = async (timezone: string, hours: string, at: string) => {
    clock.set(at);
    t = await createTestApp({
      clock,
      env: {
        RESTAURANT_TIMEZONE: timezone,
        OPENING_HOURS: hours,
        LEAD_TIME_MINUTES: '15',
        PREP_BASE_MINUTES: '15',
        PREP_PER_ITEM_MINUTES: '2',
      },
    });
    menu = await fetchMenu(t.url);
  };

  it('in New York: 01:45 EST is followed by 03:00 EDT, and a promise runs across the missing hour', async () => {
    await start('America/New_York', 'Sat 18:00-04:00', '2026-03-08T05:40:00Z'); // 00:40 EST: slots from 01:00
    expect(await slotTimes('2026-03-07')).toEqual([
      '2026-03-08T01:00:00.000-05:00',
      '2026-03-08T01:15:00.000-05:00',
      '2026-03-08T01:30:00.000-05:00',
      '2026-03-08T01:45:00.000-05:00',
      '2026-03-08T03:00:00.000-04:00',
      '2026-03-08T03:15:00.000-04:00',
      '2026-03-08T03:30:00.000-04:00',
      '2026-03-08T03:45:00.000-04:00',
    ]);
    // 01:40 EST + 20 minutes is 03:00 EDT, not 02:00.
    clock.set('2026-03-08T06:40:00Z');
    const now = await expectStatus(place(), 201);
    expect(now.promisedAt).toBe('2026-03-08T03:00:00.000-04:00');
    expect(now.businessDate).toBe('2026-03-08');
    const ahead = await expectStatus(place({ requestedTime: '2026-03-08T03:30:00-04:00' }), 201);
    expect(ahead.prepStartAt).toBe('2026-03-08T03:10:00.000-04:00');
    // 02:30 EST does not exist on the wall that night: the instant written so is 03:30 EDT, the same slot.
    const sameInstant = await expectStatus(place({ requestedTime: '2026-03-08T02:30:00-05:00' }), 201);
    expect(sameInstant.promisedAt).toBe('2026-03-08T03:30:00.000-04:00');
    const [{ taken }] = await t.dataSource.query(`SELECT taken FROM slot_bookings WHERE slot_at = '2026-03-08T07:30:00Z'`);
    expect(taken).toBe(2);
  });

  it('in Berlin: 02:00 to 02:45 come twice, each its own slot with its own places', async () => {
    await start('Europe/Berlin', 'Sat 22:00-04:00', '2026-10-24T22:00:00Z'); // Sunday 00:00 CEST
    const starts = await slotTimes('2026-10-24');
    expect(starts.filter((s) => s.slice(11, 13) === '02')).toEqual([
      '2026-10-25T02:00:00.000+02:00',
      '2026-10-25T02:15:00.000+02:00',
      '2026-10-25T02:30:00.000+02:00',
      '2026-10-25T02:45:00.000+02:00',
      '2026-10-25T02:00:00.000+01:00',
      '2026-10-25T02:15:00.000+01:00',
      '2026-10-25T02:30:00.000+01:00',
      '2026-10-25T02:45:00.000+01:00',
    ]);
    const first = await expectStatus(place({ requestedTime: '2026-10-25T02:30:00+02:00' }), 201);
    const second = await expectStatus(place({ requestedTime: '2026-10-25T02:30:00+01:00' }), 201);
    expect([first.promisedAt, second.promisedAt]).toEqual(['2026-10-25T02:30:00.000+02:00', '2026-10-25T02:30:00.000+01:00']);
    const rows: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM slot_bookings GROUP BY slot_at`);
    expect(rows).toHaveLength(2);
  });
});
