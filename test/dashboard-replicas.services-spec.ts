import http from 'node:http';
import request from 'supertest';
import { OWNER_PASSWORD, OWNER_USER, staffLogin } from './support/dashboard.js';
import { fetchMenu, menuItem, orderBody } from './support/orders.js';
import { createTestApp, TestApp } from './support/test-app.js';

/**
 * Two API replicas on one database: the login slow-down and logout hold on both, and a menu edit and the pause
 * switch reach both boards.
 */
describe('dashboard state across replicas', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const env = { DASHBOARD_LOGIN_MAX_FAILURES: '3', DASHBOARD_LOGIN_LOCK_SECONDS: '30' };
    a = await createTestApp({ env });
    b = await createTestApp({ env, databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const attempt = (t: TestApp, ip: string, username: string, password: string) =>
    request(t.url).post('/dashboard/login').set('X-Forwarded-For', ip).type('form').send({ username, password });

  it('counts failed sign-ins on every replica together', async () => {
    expect((await attempt(a, '10.7.0.1', 'nobody', 'guess')).status).toBe(401);
    expect((await attempt(b, '10.7.0.1', 'nobody', 'guess')).status).toBe(401);
    expect((await attempt(a, '10.7.0.1', 'nobody', 'guess')).status).toBe(401);
    const locked = await attempt(b, '10.7.0.1', OWNER_USER, OWNER_PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(29);
    expect((await attempt(a, '10.7.0.1', OWNER_USER, OWNER_PASSWORD)).status).toBe(429);
    expect((await attempt(b, '10.7.0.2', OWNER_USER, OWNER_PASSWORD)).status).toBe(303);
  });

  it('ends a session on every replica when staff log out on one', async () => {
    const staff = await staffLogin(a.url, '10.7.1.1');
    await request(b.url).get('/dashboard/api/orders').set('Cookie', staff.cookie).expect(200);
    await request(a.url).post('/dashboard/logout').set('Cookie', staff.cookie).set('X-CSRF-Token', staff.csrf).expect(204);
    await request(b.url).get('/dashboard/api/orders').set('Cookie', staff.cookie).expect(401);
    await request(a.url).get('/dashboard/api/orders').set('Cookie', staff.cookie).expect(401);
  });

  it("runs an option out on one replica and the other replica's board hears it live and shows it", async () => {
    const staff = await staffLogin(a.url, '10.7.2.1');
    const pizza = menuItem(await fetchMenu(b.url), 'Margherita Pizza'); // B has the menu cached now
    const olives = pizza.optionGroups.find((g) => g.name === 'Toppings')!.options.find((o) => o.name === 'Olives')!;
    expect(olives.available).toBe(true);

    // A browser on B's live stream.
    const received: string[] = [];
    const req = http.get({ host: '127.0.0.1', port: new URL(b.url).port, path: '/dashboard/events', headers: { Cookie: staff.cookie } });
    try {
      const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
      expect(res.statusCode).toBe(200);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => received.push(chunk));
      await until(() => received.join('').includes('event: hello'));
      expect(received.join('')).not.toContain('event: menu.changed');

      await request(a.url)
        .patch(`/dashboard/api/menu-options/${olives.id}`)
        .set('Cookie', staff.cookie)
        .set('X-CSRF-Token', staff.csrf)
        .send({ available: false })
        .expect(200);
      await until(() => received.join('').includes('event: menu.changed'));
      // What B's page reads on that event, and what B prices orders from.
      const onB = await request(b.url).get('/dashboard/api/menu').set('Cookie', staff.cookie).expect(200);
      const dish = (onB.body as (typeof pizza)[]).find((m) => m.id === pizza.id)!;
      expect(dish.optionGroups.find((g) => g.name === 'Toppings')!.options.find((o) => o.id === olives.id)!.available).toBe(false);
    } finally {
      req.destroy();
    }
  });

  it("pauses orders on one replica: the other replica's board hears it live and refuses orders at once", async () => {
    const staff = await staffLogin(a.url, '10.7.3.1');
    const received: string[] = [];
    const req = http.get({ host: '127.0.0.1', port: new URL(b.url).port, path: '/dashboard/events', headers: { Cookie: staff.cookie } });
    const put = (body: object) =>
      request(a.url).put('/dashboard/api/ordering').set('Cookie', staff.cookie).set('X-CSRF-Token', staff.csrf).send(body).expect(200);
    try {
      const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => received.push(chunk));
      await until(() => received.join('').includes('event: hello'));

      const resumesAt = new Date(Date.now() + 30 * 60_000).toISOString();
      await put({ paused: true, resumesAt });
      await until(() => received.join('').includes('event: ordering'));
      const event = received
        .join('')
        .split('\n')
        .find((line) => line.startsWith('data: ') && line.includes('"ordering"'))!;
      expect(JSON.parse(event.slice(6)).state).toMatchObject({ paused: true, resumesAt, updatedBy: 'dashboard:owner' });
      // What B's header reads on a reconnect, and what B's API does with a new order.
      const onB = await request(b.url).get('/dashboard/api/ordering').set('Cookie', staff.cookie).expect(200);
      expect(onB.body).toMatchObject({ paused: true, resumesAt });
      const menu = await fetchMenu(b.url);
      const refused = await request(b.url).post('/api/orders').send(orderBody(menu)).expect(422);
      expect(refused.body.code).toBe('ORDERING_PAUSED');

      await put({ paused: false });
      await until(() => received.join('').split('event: ordering').length === 3);
      await request(b.url).post('/api/orders').send(orderBody(menu)).expect(201);
    } finally {
      req.destroy();
      await put({ paused: false });
    }
  });
});

/** Polls `check` until it holds; the deadline is generous, a failure to arrive, not a speed limit. */
async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
