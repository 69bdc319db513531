import { Client } from 'pg';
import request from 'supertest';
import { postgresAdminUrl } from './support/databases.js';
import { fetchMenu, orderBody } from './support/orders.js';
import { createTestApp, TestApp } from './support/test-app.js';

/** A database outage is a 503 with a readable message, and the service recovers by itself. */
describe('database outage', () => {
  let t: TestApp;
  let admin: Client;
  let dbName: string;

  beforeAll(async () => {
    t = await createTestApp();
    dbName = new URL(t.databaseUrl!).pathname.slice(1);
    admin = new Client({ connectionString: postgresAdminUrl() });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
    await admin.end();
    await t.close();
  });

  it('answers 503 while PostgreSQL refuses connections and 200 again afterwards, with no restart', async () => {
    const menu = await fetchMenu(t.url);
    await request(t.url).get('/health').expect(200);

    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName]);

    const health = await request(t.url).get('/health');
    expect(health.status).toBe(503);
    expect(health.body.status).toBe('error');
    expect(health.body.error.database.status).toBe('down');
    const order = await request(t.url).post('/api/orders').send(orderBody(menu));
    expect(order.status).toBe(503);
    expect(order.body).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
    expect(order.body.message).toMatch(/temporarily unavailable/);
    expect(order.headers['retry-after']).toBe('5');

    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
    await request(t.url).get('/health').expect(200);
    await request(t.url).post('/api/orders').send(orderBody(menu)).expect(201);
  });
});
