import { Client } from 'pg';
import request from 'supertest';
import { MenuService } from '@/menu/menu.service.js';
import { OrderEvents } from '@/orders/order-events.js';
import { postgresAdminUrl } from './support/databases.js';
import { recordEvents } from './support/events.js';
import { waitFor } from './support/export-helpers.js';
import { fetchMenu, orderBody } from './support/orders.js';
import { createTestApp, TestApp } from './support/test-app.js';

/** Two API replicas on one database: a change made through one reaches the other's live stream. */
describe('order events across replicas (PostgreSQL LISTEN/NOTIFY)', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it("delivers an order placed on replica A to replica B, once, and B's own changes to itself once", async () => {
    const menu = await fetchMenu(a.url);
    const onB = recordEvents(b.app.get(OrderEvents).clusterStream);
    const onA = recordEvents(a.app.get(OrderEvents).clusterStream);
    const placed = await request(a.url).post('/api/orders').send(orderBody(menu)).expect(201);
    const id = placed.body.id;
    await request(b.url)
      .patch(`/api/orders/${id}/status`)
      .set('Authorization', 'Bearer test-admin-token-0123456789abcdef')
      .send({ status: 'confirmed' })
      .expect(200);
    const events = await onB.waitFor((e) => e.orderId === id, 2, 30_000);
    // B's own change is delivered at once, A's arrives with the next notification batch: either may come first.
    expect(events.map((e) => e.type).sort()).toEqual(['order.created', 'order.status']);
    expect(events.find((e) => e.type === 'order.status')).toMatchObject({ orderNumber: placed.body.orderNumber, status: 'confirmed' });
    // Nothing more for this order. B's change has reached A through PostgreSQL (so its notification is
    // committed); a change made on A after that reaches B through the same channel, in commit order. Once it has
    // arrived, an echo of B's own change or a second copy of A's would have arrived before it.
    await onA.waitFor((e) => e.orderId === id && e.type === 'order.status' && e.status === 'confirmed', 1, 30_000);
    onA.stop();
    await request(a.url)
      .patch(`/api/orders/${id}/status`)
      .set('Authorization', 'Bearer test-admin-token-0123456789abcdef')
      .send({ status: 'preparing' })
      .expect(200);
    await onB.waitFor((e) => e.orderId === id && e.status === 'preparing', 1, 30_000);
    onB.stop();
    expect(
      onB.seen
        .filter((e) => e.orderId === id)
        .map((e) => `${e.type}:${e.status}`)
        .sort(),
    ).toEqual(['order.created:received', 'order.status:confirmed', 'order.status:preparing']);
  });

  it('keeps listening after its connection is killed', async () => {
    const menu = await fetchMenu(a.url);
    const admin = new Client({ connectionString: postgresAdminUrl() });
    await admin.connect();
    const dbName = new URL(a.databaseUrl!).pathname.slice(1);
    const listeners = async () =>
      (
        await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND query ILIKE 'LISTEN%'`, [dbName])
      ).rows.map((r) => r.pid);
    const before = await listeners();
    expect(before).toHaveLength(2); // one listening connection per replica
    const killed = await admin.query<{ ok: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND query ILIKE 'LISTEN%'`,
      [dbName],
    );
    // The fault happened: both listening connections were terminated...
    expect(killed.rows.map((r) => r.ok)).toEqual([true, true]);
    // ...and two new ones listen in their place (the replicas reconnected on their own).
    await waitFor(
      'both replicas listening again on new connections',
      async () => {
        const now = await listeners();
        return now.length === 2 && now.every((pid) => !before.includes(pid));
      },
      30_000,
    );
    await admin.end();
    const onB = recordEvents(b.app.get(OrderEvents).clusterStream);
    const placed = await request(a.url).post('/api/orders').send(orderBody(menu)).expect(201);
    const [event] = await onB.waitFor((e) => e.orderId === placed.body.id, 1, 30_000);
    onB.stop();
    expect(event.orderNumber).toBe(placed.body.orderNumber);
  });

  it('drops the menu cache on every replica when a dish is edited on one', async () => {
    const menuOnB = b.app.get(MenuService);
    const cacheOf = (menu: MenuService) => (menu as unknown as { cache: unknown }).cache;
    const [dish] = await fetchMenu(b.url); // B has the menu cached now
    expect(cacheOf(menuOnB)).not.toBeNull();
    // The moment B hears of the edit, its cache must already be gone: checked as the announcement arrives, so
    // the cache's own age limit (a backstop) cannot be what empties it, however slow the machine is.
    const cacheWhenAnnounced: unknown[] = [];
    const heard = menuOnB.changes.subscribe(() => cacheWhenAnnounced.push(cacheOf(menuOnB)));
    await request(a.url)
      .patch(`/api/menu/${dish.id}`)
      .set('Authorization', 'Bearer test-admin-token-0123456789abcdef')
      .send({ available: false })
      .expect(200);
    await waitFor('B to hear of the edit', async () => cacheWhenAnnounced.length > 0, 30_000);
    heard.unsubscribe();
    expect(cacheWhenAnnounced).toEqual([null]);
    const offered = (await request(b.url).get('/api/menu?available=true').expect(200)).body.some((m: { id: string }) => m.id === dish.id);
    expect(offered).toBe(false);
  });
});
