import request from 'supertest';
import { api, expectError, expectStatus } from './support/api.js';
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
    const client = api(t.url);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await client.GET('/api/menu')).response.status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const limited = await expectError(client.GET('/api/menu'), 429);
    expect(limited).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    for (let i = 0; i < 8; i++) await expectStatus(client.GET('/health'), 200);
    await expectStatus(api(t.url, { admin: true }).GET('/api/orders'), 200);
  });

  it('sends helmet security headers and no X-Powered-By', async () => {
    const { headers } = (await api(t.url).GET('/health')).response;
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(headers.get('x-powered-by')).toBeNull();
  });

  // Preflight requests (OPTIONS) are not operations of the document: supertest.
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
    const res = await api(t.url).GET('/health', { headers: { 'X-Request-Id': 'abc-123' } });
    expect(res.response.headers.get('x-request-id')).toBe('abc-123');
    // A garbled id is off the contract on purpose: supertest.
    const fresh = await request(t.url).get('/health').set('X-Request-Id', 'bad id with spaces');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('data survives a restart', () => {
  it('keeps orders and menu edits across a second start on the same storage', async () => {
    const first = await createTestApp();
    const menu = await fetchMenu(first.url);
    const placed = await expectStatus(api(first.url).POST('/api/orders', { body: orderBody(menu) }), 201);
    const keep = { dataDir: first.dataDir, databaseUrl: first.databaseUrl };
    await first.app.close();

    const second = await createTestApp({ env: { DATA_DIR: keep.dataDir }, databaseUrl: keep.databaseUrl });
    try {
      const client = api(second.url);
      const back = await expectStatus(client.GET('/api/orders/{id}', { params: { path: { id: placed.id } } }), 200);
      expect(back.orderNumber).toBe(placed.orderNumber);
      expect(await fetchMenu(second.url)).toHaveLength(menu.length); // seeded once, not twice
      const next = await expectStatus(client.POST('/api/orders', { body: orderBody(menu) }), 201);
      expect(next.orderNumber).not.toBe(placed.orderNumber);
    } finally {
      await second.close();
      await first.close().catch(() => undefined);
    }
  });
});
