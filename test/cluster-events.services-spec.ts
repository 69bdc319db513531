import { Client } from 'pg';
import request from 'supertest';
import { OrderEvents } from '@/orders/order-events.js';
import { postgresAdminUrl } from './support/databases.js';
import { recordEvents } from './support/events.js';
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
    const placed = await request(a.url).post('/api/orders').send(orderBody(menu)).expect(201);
    const id = placed.body.id;
    await request(b.url)
      .patch(`/api/orders/${id}/status`)
      .set('Authorization', 'Bearer test-admin-token-0123456789abcdef')
      .send({ status: 'confirmed' })
      .expect(200);
    const events = await onB.waitFor((e) => e.orderId === id, 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(onB.seen.filter((e) => e.orderId === id)).toHaveLength(2);
    onB.stop();
    // B's own change is delivered at once, A's arrives with the next notification batch: either may come first.
    expect(events.map((e) => e.type).sort()).toEqual(['order.created', 'order.status']);
    expect(events.find((e) => e.type === 'order.status')).toMatchObject({ orderNumber: placed.body.orderNumber, status: 'confirmed' });
  });

  it('keeps listening after its connection is killed', async () => {
    const menu = await fetchMenu(a.url);
    const admin = new Client({ connectionString: postgresAdminUrl() });
    await admin.connect();
    const dbName = new URL(a.databaseUrl!).pathname.slice(1);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query ILIKE 'LISTEN%'`, [dbName]);
    await admin.end();
    await new Promise((r) => setTimeout(r, 1500));
    const onB = recordEvents(b.app.get(OrderEvents).clusterStream);
    const placed = await request(a.url).post('/api/orders').send(orderBody(menu)).expect(201);
    const [event] = await onB.waitFor((e) => e.orderId === placed.body.id);
    onB.stop();
    expect(event.orderNumber).toBe(placed.body.orderNumber);
  });

  it('drops the menu cache on every replica when a dish is edited on one', async () => {
    const [dish] = await fetchMenu(b.url); // B has the menu cached now
    await request(a.url)
      .patch(`/api/menu/${dish.id}`)
      .set('Authorization', 'Bearer test-admin-token-0123456789abcdef')
      .send({ available: false })
      .expect(200);
    // Well inside the cache's 5 s age limit, so only the notification can explain the change.
    const deadline = Date.now() + 2000;
    let offered = true;
    while (offered && Date.now() < deadline) {
      offered = (await request(b.url).get('/api/menu?available=true').expect(200)).body.some((m: { id: string }) => m.id === dish.id);
      if (offered) await new Promise((r) => setTimeout(r, 50));
    }
    expect(offered).toBe(false);
  });
});
