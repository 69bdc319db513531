import http from 'node:http';
import request from 'supertest';
import { api, expectStatus } from './support/api.js';
import { statusHistory } from './support/orders.js';
import { ADMIN_TOKEN, createTestApp, TestApp } from './support/test-app.js';
import { ordinaryDayClock } from './support/test-clock.js';
import { OWNER_PASSWORD, OWNER_USER, placeOrder, staffLogin, StaffSession } from './support/dashboard.js';

const SOME_ID = '00000000-0000-4000-8000-000000000000';

describe('Dashboard: sign-in, session, CSRF and live events', () => {
  let t: TestApp;
  let staff: StaffSession;

  beforeAll(async () => {
    t = await createTestApp({ clock: ordinaryDayClock(), env: { DASHBOARD_LOGIN_MAX_FAILURES: '3', DASHBOARD_LOGIN_LOCK_SECONDS: '30' } });
    staff = await staffLogin(t.url);
  });
  afterAll(() => t.close());

  it('sends a visitor without a session to the login form', async () => {
    const res = await request(t.url).get('/dashboard').expect(303);
    expect(res.headers.location).toBe('/dashboard/login');
    const form = await request(t.url).get('/dashboard/login').expect(200);
    expect(form.text).toContain('name="username"');
    expect(form.text).toContain('name="password"');
    expect(form.text).not.toContain('<script>');
  });

  it.each([
    ['get', '/dashboard/api/session'],
    ['get', '/dashboard/api/orders'],
    ['get', `/dashboard/api/orders/${SOME_ID}`],
    ['patch', `/dashboard/api/orders/${SOME_ID}/status`],
    ['get', '/dashboard/api/menu'],
    ['patch', `/dashboard/api/menu/${SOME_ID}`],
    ['get', '/dashboard/api/exports/status'],
    ['post', '/dashboard/api/exports/retry'],
    ['get', '/dashboard/exports/2026-01-01'],
    ['get', '/dashboard/events'],
    ['post', '/dashboard/logout'],
  ] as const)('refuses %s %s without a session (401, nothing about orders)', async (method, path) => {
    const res = await request(t.url)[method](path).send({}).expect(401);
    expect(JSON.stringify(res.body)).not.toMatch(/orderNumber|customerName/);
  });

  it('refuses a forged or tampered session cookie', async () => {
    const [payload, signature] = staff.cookie.split('=')[1].split('.');
    const forged = Buffer.from(JSON.stringify({ sid: 'x', user: 'root', issuedAt: 0, expiresAt: Date.now() + 1e9 })).toString('base64url');
    await request(t.url).get('/dashboard/api/orders').set('Cookie', `ros_dashboard=${forged}.${signature}`).expect(401);
    await request(t.url).get('/dashboard/api/orders').set('Cookie', `ros_dashboard=${payload}.AAAA`).expect(401);
    await request(t.url).get('/dashboard/api/orders').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(401);
  });

  it('refuses wrong credentials and sets an HttpOnly, SameSite=Strict cookie on success', async () => {
    const wrong = await request(t.url)
      .post('/dashboard/login')
      .set('X-Forwarded-For', '10.2.0.1')
      .type('form')
      .send({ username: OWNER_USER, password: 'nope' })
      .expect(401);
    expect(wrong.text).toContain('Wrong user name or password');
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const ok = await request(t.url)
      .post('/dashboard/login')
      .set('X-Forwarded-For', '10.2.0.2')
      .type('form')
      .send({ username: OWNER_USER, password: OWNER_PASSWORD })
      .expect(303);
    expect(ok.headers.location).toBe('/dashboard');
    const cookie = [ok.headers['set-cookie']].flat()[0];
    expect(cookie).toMatch(/^ros_dashboard=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/dashboard/);
    expect(cookie).not.toMatch(/Secure/i); // development runs on plain http; the stage check covers the rest
    const page = await request(t.url).get('/dashboard').set('Cookie', cookie.split(';')[0]).expect(200);
    expect(page.text).toContain('/dashboard/assets/dashboard.js');
  });

  it('serves pages with a strict CSP (scripts only from files) and accepts `Origin: null` only when same-origin', async () => {
    const page = await request(t.url).get('/dashboard/login').expect(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['referrer-policy']).toBe('same-origin');
    const post = (site: string) =>
      request(t.url)
        .post('/dashboard/login')
        .set('X-Forwarded-For', '10.4.0.1')
        .set('Origin', 'null')
        .set('Sec-Fetch-Site', site)
        .type('form')
        .send({ username: OWNER_USER, password: OWNER_PASSWORD });
    await post('cross-site').expect(403);
    await post('same-origin').expect(303);
  });

  it('refuses a sign-in posted from another site', async () => {
    await request(t.url)
      .post('/dashboard/login')
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ username: OWNER_USER, password: OWNER_PASSWORD })
      .expect(403);
  });

  it('changes a status only with the CSRF token and from the same origin', async () => {
    const order = await placeOrder(t.url);
    const path = `/dashboard/api/orders/${order.id}/status`;
    await request(t.url).patch(path).set('Cookie', staff.cookie).send({ status: 'confirmed' }).expect(403);
    await request(t.url).patch(path).set('Cookie', staff.cookie).set('X-CSRF-Token', 'wrong').send({ status: 'confirmed' }).expect(403);
    await request(t.url)
      .patch(path)
      .set('Cookie', staff.cookie)
      .set('X-CSRF-Token', staff.csrf)
      .set('Origin', 'https://evil.example')
      .send({ status: 'confirmed' })
      .expect(403);
    await request(t.url)
      .patch(path)
      .set('Cookie', staff.cookie)
      .set('X-CSRF-Token', staff.csrf)
      .set('Sec-Fetch-Site', 'cross-site')
      .send({ status: 'confirmed' })
      .expect(403);
    const publicOrder = () => expectStatus(api(t.url).GET('/api/orders/{id}', { params: { path: { id: order.id } } }), 200);
    expect((await publicOrder()).status).toBe('received');

    const moved = await request(t.url)
      .patch(path)
      .set('Cookie', staff.cookie)
      .set('X-CSRF-Token', staff.csrf)
      .set('Origin', t.url)
      .send({ status: 'confirmed' })
      .expect(200);
    expect(moved.body.nextStatuses).toEqual(['preparing', 'cancelled']);
    const still = await publicOrder();
    expect(still.status).toBe('confirmed');
    expect(statusHistory(still).at(-1)).toMatchObject({ from: 'received', to: 'confirmed', actor: 'dashboard:owner' });

    const illegal = await request(t.url)
      .patch(path)
      .set('Cookie', staff.cookie)
      .set('X-CSRF-Token', staff.csrf)
      .send({ status: 'completed' })
      .expect(409);
    expect(illegal.body.code).toBe('ILLEGAL_TRANSITION');
  });

  it('lists the day on the board and searches by number, name and phone', async () => {
    const order = await placeOrder(t.url, { customerName: 'Ada Lovelace', customerPhone: '+14155550199', channel: 'mobile' });
    const get = (query: string) => request(t.url).get(`/dashboard/api/orders?${query}`).set('Cookie', staff.cookie).expect(200);
    const today = (await get('')).body;
    expect(today.statuses).toEqual(['received', 'confirmed', 'preparing', 'ready', 'out_for_delivery']);
    expect(today.orders.map((o: { id: string }) => o.id)).toContain(order.id);
    for (const q of [order.orderNumber, 'lovelace', '555-0199']) {
      const found = (await get(`q=${encodeURIComponent(q)}`)).body.orders;
      expect(found.map((o: { id: string }) => o.id)).toEqual([order.id]);
    }
    expect((await get('channel=voice')).body.orders).toEqual([]);
    expect((await get('date=2001-01-01')).body.orders).toEqual([]);
    await request(t.url).get('/dashboard/api/orders?status=bogus').set('Cookie', staff.cookie).expect(400);
    const impossible = await request(t.url).get('/dashboard/api/orders?date=2025-02-30').set('Cookie', staff.cookie).expect(400);
    expect(impossible.body.message).toEqual(['date must be YYYY-MM-DD or any']);
  });

  it('marks a dish unavailable and the public menu stops offering it at once', async () => {
    const menu = await request(t.url).get('/dashboard/api/menu').set('Cookie', staff.cookie).expect(200);
    const dish = menu.body.at(-1);
    await request(t.url).patch(`/dashboard/api/menu/${dish.id}`).set('Cookie', staff.cookie).send({ available: false }).expect(403);
    await request(t.url)
      .patch(`/dashboard/api/menu/${dish.id}`)
      .set('Cookie', staff.cookie)
      .set('X-CSRF-Token', staff.csrf)
      .send({ available: false })
      .expect(200);
    const open = await expectStatus(api(t.url).GET('/api/menu', { params: { query: { available: 'true' } } }), 200);
    expect(open.map((m) => m.id)).not.toContain(dish.id);
    // The whole public menu still lists it, as unavailable.
    const all = await expectStatus(api(t.url).GET('/api/menu'), 200);
    expect(all.find((m) => m.id === dish.id)).toMatchObject({ available: false });
  });

  it("shows the export pipeline's health and downloads a day's workbook", async () => {
    const order = await placeOrder(t.url);
    const status = await request(t.url).get('/dashboard/api/exports/status').set('Cookie', staff.cookie).expect(200);
    expect(status.body).toMatchObject({ configured: true, failed: 0 });
    expect(typeof status.body.unexportedOrders).toBe('number');
    // The in-process queue (no REDIS_URL in tests) writes the workbook within moments.
    let download: request.Response | undefined;
    await waitFor(async () => {
      download = await request(t.url).get(`/dashboard/exports/${order.businessDate}`).set('Cookie', staff.cookie).buffer(true);
      return download.status === 200;
    }, 30_000);
    expect(download!.status).toBe(200);
    expect(download!.headers['content-type']).toMatch(/spreadsheetml/);
    expect(download!.headers['content-disposition']).toContain(`orders-${order.businessDate}.xlsx`);
    await request(t.url).get('/dashboard/exports/2001-01-01').set('Cookie', staff.cookie).expect(404);
    const impossible = await request(t.url).get('/dashboard/exports/2025-02-30').set('Cookie', staff.cookie).expect(400);
    expect(impossible.body.message).toBe('date must be a day as YYYY-MM-DD');
    await request(t.url)
      .get('/dashboard/exports/..%2F..%2Fetc')
      .set('Cookie', staff.cookie)
      .expect((r) => expect([400, 404]).toContain(r.status));
  });

  it('serves only the dashboard assets, publicly, and never a page through the asset route', async () => {
    const js = await request(t.url).get('/dashboard/assets/dashboard.js').expect(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    await request(t.url).get('/dashboard/assets/board.html').expect(404);
    await request(t.url).get('/dashboard/assets/..%2Fdashboard.module.ts').expect(404);
    await request(t.url).get('/dashboard/assets/dashboard.js').set('If-None-Match', js.headers.etag).expect(304);
  });

  it('streams order changes to a signed-in browser (SSE)', async () => {
    const received: string[] = [];
    const { port } = new URL(t.url);
    const req = http.get({ host: '127.0.0.1', port, path: '/dashboard/events', headers: { Cookie: staff.cookie } });
    const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/event-stream/);
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => received.push(chunk));
    await waitFor(() => received.join('').includes('event: hello'));
    const order = await placeOrder(t.url);
    await waitFor(() => received.join('').includes(order.id));
    expect(received.join('')).toMatch(new RegExp(`event: order.created\\n(id: \\d+\\n)?data: \\{[^\\n]*"orderId":"${order.id}"`));
    req.destroy();
  });

  it('slows sign-in after a few failures from one address, without locking other addresses out', async () => {
    const attempt = (ip: string, password: string, username = 'nobody') =>
      request(t.url).post('/dashboard/login').set('X-Forwarded-For', ip).type('form').send({ username, password });
    for (let i = 0; i < 3; i++) expect((await attempt('10.9.0.9', 'guess')).status).toBe(401);
    const locked = await attempt('10.9.0.9', OWNER_PASSWORD, OWNER_USER);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(29);
    expect(locked.text).toContain('Too many failed sign-ins');
    expect((await attempt('10.9.0.10', OWNER_PASSWORD, OWNER_USER)).status).toBe(303);
  });

  it('logs out: the cookie is cleared and the old session no longer works', async () => {
    const own = await staffLogin(t.url, '10.3.0.1');
    await request(t.url).post('/dashboard/logout').set('Cookie', own.cookie).expect(403);
    const res = await request(t.url).post('/dashboard/logout').set('Cookie', own.cookie).set('X-CSRF-Token', own.csrf).expect(204);
    expect([res.headers['set-cookie']].flat()[0]).toMatch(/ros_dashboard=;/);
    await request(t.url).get('/dashboard/api/orders').set('Cookie', own.cookie).expect(401);
  });
});

/** Polls `check` until it holds; the deadline is generous, a failure to arrive, not a speed limit. */
async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The slow-down also counts failures per user name, whatever address they come from (src/dashboard/login-limiter.ts). */
describe('Dashboard sign-in: lockout per user name', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { DASHBOARD_LOGIN_MAX_FAILURES: '3', DASHBOARD_LOGIN_LOCK_SECONDS: '30' } });
  });
  afterAll(() => t.close());

  const attempt = (ip: string, username: string, password: string) =>
    request(t.url).post('/dashboard/login').set('X-Forwarded-For', ip).type('form').send({ username, password });

  it('locks a user name that failed from several addresses, for every address; another name is unaffected', async () => {
    // Control first: one failure per address locks no address, and the right password still works from one.
    expect((await attempt('10.21.0.1', OWNER_USER, 'guess')).status).toBe(401);
    expect((await attempt('10.21.0.99', OWNER_USER, OWNER_PASSWORD)).status).toBe(303); // a success clears the name

    // Three failures for the name, each from its own address (no address reaches the limit), the name in any case.
    expect((await attempt('10.21.0.2', OWNER_USER, 'guess')).status).toBe(401);
    expect((await attempt('10.21.0.3', OWNER_USER.toUpperCase(), 'guess')).status).toBe(401);
    expect((await attempt('10.21.0.4', OWNER_USER, 'guess')).status).toBe(401);

    // The name is locked, even with the right password from an address that never failed.
    const locked = await attempt('10.21.0.5', OWNER_USER, OWNER_PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(29);
    expect(locked.text).toContain('Too many failed sign-ins');

    // Another name from those same addresses is answered normally (a wrong password, not a lock).
    const other = await attempt('10.21.0.2', 'someone-else', 'guess');
    expect(other.status).toBe(401);
    expect(other.text).not.toContain('Too many failed sign-ins');
  });
});
