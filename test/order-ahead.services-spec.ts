import { api, expectError, expectStatus } from './support/api.js';
import { waitFor } from './support/export-helpers.js';
import { fetchMenu, MenuRow, orderBody } from './support/orders.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';
import { OrderingStateService } from '@/scheduling/ordering-state.service.js';

/**
 * Two API replicas on one PostgreSQL database: slot capacity holds when clients race through both, the pause and
 * busy switch set on one applies on the other, and a replica started later (a restart) keeps every promise.
 */
describe('order ahead across replicas', () => {
  const NOW = '2026-12-05T01:02:00Z'; // Friday 17:02 in Los Angeles
  const env = {
    OPENING_HOURS: 'Mon-Sun 11:00-22:00',
    SLOT_CAPACITY_PICKUP: '3',
    LEAD_TIME_MINUTES: '30',
    PREP_BASE_MINUTES: '15',
    PREP_PER_ITEM_MINUTES: '2',
  };
  const clocks = [new TestClock(NOW, { stepMs: 1 }), new TestClock(NOW, { stepMs: 1 })];
  let a: TestApp;
  let b: TestApp;
  let menu: MenuRow[];

  beforeAll(async () => {
    a = await createTestApp({ env, clock: clocks[0] });
    b = await createTestApp({ env, clock: clocks[1], databaseUrl: a.databaseUrl });
    menu = await fetchMenu(a.url);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });
  afterEach(async () => {
    await a.app.get(OrderingStateService).set({ paused: false, resumesAt: null, busyMinutes: 0 }, 'test');
  });

  const place = (t: TestApp, overrides: Parameters<typeof orderBody>[1] = {}) =>
    api(t.url).POST('/api/orders', { body: orderBody(menu, overrides) });

  it('lets exactly one of 50 clients racing through two replicas have the last place of a slot', async () => {
    const at = '2026-12-04T19:00:00-08:00';
    await expectStatus(place(a, { requestedTime: at }), 201);
    await expectStatus(place(b, { requestedTime: at }), 201);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => place(i % 2 ? a : b, { requestedTime: at, customerName: `Racer ${i}` })),
    );
    const statuses = answers.map((r) => r.response.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 422)).toHaveLength(49);
    const [{ n, taken }] = await a.dataSource.query(
      `SELECT (SELECT count(*)::int FROM orders WHERE promised_at = $1) AS n,
              (SELECT taken FROM slot_bookings WHERE slot_at = $1 AND fulfillment = 'pickup') AS taken`,
      [new Date(at).toISOString()],
    );
    expect([n, taken]).toEqual([3, 3]);
  });

  it('spreads 30 orders placed at once through both replicas over the slots, never more than three a slot', async () => {
    clocks.forEach((c) => c.set('2026-12-05T20:00:00Z')); // Saturday 12:00
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => place(i % 2 ? a : b, { customerName: `Rush ${i}` })));
    expect(answers.map((r) => r.response.status)).toEqual(Array(30).fill(201));
    const rows: { slot: string; n: number }[] = await a.dataSource.query(
      `SELECT slot_at AS slot, count(*)::int AS n FROM orders WHERE business_date = '2026-12-05' AND requested_time IS NULL GROUP BY slot_at`,
    );
    expect(rows.every((r) => r.n <= 3)).toBe(true);
    expect(rows.reduce((sum, r) => sum + r.n, 0)).toBe(30);
  });

  it('pauses orders on both replicas when staff pause on one, and lifts the pause on both', async () => {
    clocks.forEach((c) => c.set(NOW));
    await a.app.get(OrderingStateService).set({ paused: true, resumesAt: null }, 'dashboard:staff');
    // B hears it from A (PostgreSQL NOTIFY): at once, or within its 2-second re-read at worst.
    await waitFor('the pause on replica B', async () => (await place(b)).response.status === 422, 3000);
    expect(await expectError(place(b), 422)).toMatchObject({ code: 'ORDERING_PAUSED', resumesAt: null });
    await b.app.get(OrderingStateService).set({ paused: false }, 'dashboard:staff');
    await waitFor('the end of the pause on replica A', async () => (await place(a)).response.status === 201, 3000);
  });

  it('adds busy minutes set on one replica to the promises of the other', async () => {
    clocks.forEach((c) => c.set('2026-12-05T22:00:00Z')); // Saturday 14:00
    await b.app.get(OrderingStateService).set({ busyMinutes: 25 }, 'dashboard:staff');
    await waitFor('the busy minutes on replica A', async () => (await a.app.get(OrderingStateService).current()).busyMinutes === 25, 3000);
    expect((await expectStatus(place(a), 201)).promisedAt).toBe('2026-12-05T14:45:00.000-08:00');
  });

  it('keeps every promise, the pause and the slot counts when a replica starts anew mid-day', async () => {
    clocks.forEach((c) => c.set('2026-12-05T21:00:00Z')); // Saturday 13:00
    const placed = await expectStatus(place(a, { requestedTime: '2026-12-05T18:00:00-08:00' }), 201);
    await a.app.get(OrderingStateService).set({ paused: true, resumesAt: new Date('2026-12-05T22:00:00Z') }, 'dashboard:staff');

    const restarted = await createTestApp({ env, clock: new TestClock('2026-12-05T21:05:00Z'), databaseUrl: a.databaseUrl });
    try {
      const again = await expectStatus(api(restarted.url).GET('/api/orders/{id}', { params: { path: { id: placed.id } } }), 200);
      expect({ promisedAt: again.promisedAt, prepStartAt: again.prepStartAt }).toEqual({
        promisedAt: placed.promisedAt,
        prepStartAt: placed.prepStartAt,
      });
      expect((await expectError(place(restarted), 422)).code).toBe('ORDERING_PAUSED');
      const slots = await expectStatus(
        api(restarted.url).GET('/api/slots', { params: { query: { date: '2026-12-05', fulfillment: 'pickup' } } }),
        200,
      );
      expect(slots.slots.find((s) => s.time === '18:00')?.remaining).toBe(2);
    } finally {
      await restarted.close();
    }
  });
});
