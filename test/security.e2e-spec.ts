import request from 'supertest';
import { fetchMenu, orderBody } from './support/orders.js';
import { createTestApp, TestApp } from './support/test-app.js';

describe('security basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Rate-limit windows are fixed: an hour long, one cannot turn over in the middle of a test.
    t = await createTestApp({ env: { THROTTLE_LIMIT: '5', THROTTLE_TTL_SECONDS: '3600', CORS_ORIGINS: 'https://shop.example.com' } });
  });
  afterAll(() => t.close());

  it('rate limits public endpoints per client with 429, but not health or admin calls', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await request(t.url).get('/api/menu')).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const limited = await request(t.url).get('/api/menu').expect(429);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    for (let i = 0; i < 8; i++) await request(t.url).get('/health').expect(200);
    await request(t.url).get('/api/orders').set('Authorization', 'Bearer test-admin-token-0123456789abcdef').expect(200);
  });

  it('sends helmet security headers and no X-Powered-By', async () => {
    const res = await request(t.url).get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('allows CORS only for configured origins', async () => {
    const allowed = await request(t.url)
      .options('/health')
      .set('Origin', 'https://shop.example.com')
      .set('Access-Control-Request-Method', 'GET');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    const denied = await request(t.url)
      .options('/health')
      .set('Origin', 'https://evil.example.com')
      .set('Access-Control-Request-Method', 'GET');
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('tags every response with a request id, echoing a sane one from the client', async () => {
    const res = await request(t.url).get('/health').set('X-Request-Id', 'abc-123');
    expect(res.headers['x-request-id']).toBe('abc-123');
    const fresh = await request(t.url).get('/health').set('X-Request-Id', 'bad id with spaces');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('data survives a restart', () => {
  it('keeps orders and menu edits across a second start on the same storage', async () => {
    const first = await createTestApp();
    const menu = await fetchMenu(first.url);
    const placed = await request(first.url).post('/api/orders').send(orderBody(menu)).expect(201);
    const keep = { dataDir: first.dataDir, databaseUrl: first.databaseUrl };
    await first.app.close();

    const second = await createTestApp({ env: { DATA_DIR: keep.dataDir }, databaseUrl: keep.databaseUrl });
    try {
      const back = await request(second.url).get(`/api/orders/${placed.body.id}`).expect(200);
      expect(back.body.orderNumber).toBe(placed.body.orderNumber);
      expect(await fetchMenu(second.url)).toHaveLength(menu.length); // seeded once, not twice
      const next = await request(second.url).post('/api/orders').send(orderBody(menu)).expect(201);
      expect(next.body.orderNumber).not.toBe(placed.body.orderNumber);
    } finally {
      await second.close();
      await first.close().catch(() => undefined);
    }
  });
});
