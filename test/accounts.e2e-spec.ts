import http from 'node:http';
import request from 'supertest';
import { placeOrder, STAFF_ACCOUNT, staffLogin, StaffSession } from './support/dashboard.js';
import { createTestApp, TestApp } from './support/test-app.js';

const ZERO = '00000000-0000-4000-8000-000000000000';

/**
 * Every dashboard route, and who may use it. `owner` routes answer 403 to a staff account (and change nothing);
 * `all` routes serve every signed-in account; `public` routes are the sign-in pages. The test below fails when a
 * controller gains a route this table does not list, so a new route is given a role on purpose.
 */
const ROUTES: { method: string; path: string; role: 'owner' | 'all' | 'public'; body?: object }[] = [
  { method: 'GET', path: '/dashboard', role: 'public' },
  { method: 'GET', path: '/dashboard/login', role: 'public' },
  { method: 'POST', path: '/dashboard/login', role: 'public' },
  { method: 'POST', path: '/dashboard/logout', role: 'all' },
  { method: 'GET', path: '/dashboard/api/session', role: 'all' },
  { method: 'GET', path: '/dashboard/api/orders', role: 'all' },
  { method: 'GET', path: `/dashboard/api/orders/${ZERO}`, role: 'all' },
  { method: 'PATCH', path: `/dashboard/api/orders/${ZERO}/status`, role: 'all', body: { status: 'confirmed' } },
  { method: 'GET', path: '/dashboard/api/refunds', role: 'all' },
  { method: 'POST', path: `/dashboard/api/orders/${ZERO}/refund`, role: 'owner' },
  { method: 'POST', path: `/dashboard/api/orders/${ZERO}/refunds`, role: 'owner', body: { amountCents: 100, reason: 'Cold' } },
  { method: 'GET', path: '/dashboard/api/missed-calls', role: 'all' },
  { method: 'POST', path: '/dashboard/api/missed-calls/no-such-call/handled', role: 'all' },
  { method: 'GET', path: '/dashboard/api/menu', role: 'all' },
  { method: 'PATCH', path: `/dashboard/api/menu/${ZERO}`, role: 'all', body: { available: false } },
  { method: 'PATCH', path: `/dashboard/api/menu-options/${ZERO}`, role: 'all', body: { available: false } },
  { method: 'PATCH', path: `/dashboard/api/menu-option-groups/${ZERO}`, role: 'owner', body: { name: 'Size' } },
  { method: 'GET', path: '/dashboard/api/ordering', role: 'all' },
  { method: 'PUT', path: '/dashboard/api/ordering', role: 'all', body: { busyMinutes: 0 } },
  { method: 'GET', path: '/dashboard/api/exports/status', role: 'all' },
  { method: 'POST', path: '/dashboard/api/exports/retry', role: 'owner' },
  { method: 'GET', path: '/dashboard/exports/2026-01-01', role: 'owner' },
  { method: 'GET', path: '/dashboard/events', role: 'all' },
  { method: 'GET', path: '/dashboard/api/accounts', role: 'owner' },
  {
    method: 'POST',
    path: '/dashboard/api/accounts',
    role: 'owner',
    body: { username: 'should-not-exist', role: 'owner', password: 'a long enough password' },
  },
  { method: 'PATCH', path: `/dashboard/api/accounts/${ZERO}`, role: 'owner', body: { role: 'owner' } },
  { method: 'GET', path: '/dashboard/reports', role: 'owner' },
  { method: 'GET', path: '/dashboard/api/reports', role: 'owner' },
  { method: 'GET', path: '/dashboard/reports/workbook', role: 'owner' },
  { method: 'GET', path: '/dashboard/assets/vendor/chart.umd.min.js', role: 'public' },
];

/**
 * `GET /dashboard/api/orders/:id` for every handler of the dashboard module's controllers, from Nest's own metadata
 * (imported once the app is up: Nest's modules load after the test app has set the environment).
 */
async function declaredRoutes(): Promise<string[]> {
  const { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } = await import('@nestjs/common/constants.js');
  const { RequestMethod } = await import('@nestjs/common');
  const { DashboardModule } = await import('@/dashboard/dashboard.module.js');
  const controllers = Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, DashboardModule) as { prototype: object }[];
  const found: string[] = [];
  for (const controller of controllers) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller));
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof handler !== 'function' || !Reflect.hasMetadata(PATH_METADATA, handler)) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const path = String(Reflect.getMetadata(PATH_METADATA, handler));
      found.push(`${method} /${[base, path].filter((p) => p && p !== '/').join('/')}`);
    }
  }
  return found.sort();
}

/** The table's path with its ids put back as the route's parameters, to compare with the declared routes. */
function routeKey(route: (typeof ROUTES)[number]): string {
  const path = route.path
    .replace(/\/orders\/0{8}[^/]*/, '/orders/:id')
    .replace(/\/menu\/0{8}[^/]*/, '/menu/:id')
    .replace(/menu-options\/0{8}[^/]*/, 'menu-options/:optionId')
    .replace(/menu-option-groups\/0{8}[^/]*/, 'menu-option-groups/:groupId')
    .replace(/accounts\/0{8}[^/]*/, 'accounts/:id')
    .replace(/missed-calls\/[^/]+\/handled/, 'missed-calls/:callId/handled')
    .replace(/exports\/\d{4}-\d{2}-\d{2}/, 'exports/:date');
  return `${route.method} ${path}`;
}

describe('Roles on every dashboard route', () => {
  let t: TestApp;
  let owner: StaffSession;
  let staff: StaffSession;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await staffLogin(t.url, '10.40.0.1');
    staff = await staffLogin(t.url, '10.40.0.2', STAFF_ACCOUNT);
  });
  afterAll(() => t.close());

  it('lists every route the dashboard controllers declare, each with its role', async () => {
    expect(ROUTES.map(routeKey).sort()).toEqual(await declaredRoutes());
  });

  const send = (route: (typeof ROUTES)[number], session: StaffSession) => {
    let req = request(t.url)
      [route.method.toLowerCase() as 'get'](route.path)
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrf);
    if (route.body) req = req.send(route.body);
    // The live stream never ends by itself: its status line is all this test needs.
    if (route.path === '/dashboard/events') req = req.buffer(false).timeout({ response: 5000, deadline: 300 });
    return req.then(
      (res) => res.status,
      (err: { status?: number; timeout?: number }) => (err.timeout ? 200 : (err.status ?? 0)),
    );
  };

  it.each(ROUTES.filter((r) => r.role === 'owner'))(
    'refuses $method $path to a staff account (403) and serves the owner',
    async (route) => {
      expect(await send(route, staff)).toBe(403);
      expect(await send(route, owner)).not.toBe(403);
    },
  );

  it.each(ROUTES.filter((r) => r.role === 'all' && r.path !== '/dashboard/logout'))(
    'serves $method $path to a staff account',
    async (route) => {
      expect([200, 201, 204, 400, 404, 409, 422]).toContain(await send(route, staff));
    },
  );

  it('tells the page which role the account has, so it can leave out what the account may not do', async () => {
    const res = await request(t.url).get('/dashboard/api/session').set('Cookie', staff.cookie).expect(200);
    expect(res.body).toMatchObject({ user: 'staff', role: 'staff' });
    const mine = await request(t.url).get('/dashboard/api/session').set('Cookie', owner.cookie).expect(200);
    expect(mine.body).toMatchObject({ user: 'owner', role: 'owner' });
  });

  it('refuses a staff account the admin API: a session cookie is not the admin token', async () => {
    await request(t.url).get('/api/orders').set('Cookie', staff.cookie).expect(401);
    await request(t.url).get('/api/orders').set('Cookie', owner.cookie).expect(401);
  });

  it('created no account and changed no order through the refused requests', async () => {
    const rows = await t.dataSource.query<{ username: string }[]>('SELECT username FROM staff_accounts ORDER BY username');
    expect(rows.map((r) => r.username)).toEqual(['owner', 'should-not-exist', 'staff']); // the owner's own request created it
  });
});

describe('Staff accounts', () => {
  let t: TestApp;
  let owner: StaffSession;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' } });
    owner = await staffLogin(t.url, '10.41.0.1');
  });
  afterAll(() => t.close());

  const accounts = () => request(t.url).get('/dashboard/api/accounts').set('Cookie', owner.cookie).expect(200);
  const addAccount = (body: object) =>
    request(t.url).post('/dashboard/api/accounts').set('Cookie', owner.cookie).set('X-CSRF-Token', owner.csrf).send(body);
  const changeAccount = (id: string, body: object, by: StaffSession = owner) =>
    request(t.url).patch(`/dashboard/api/accounts/${id}`).set('Cookie', by.cookie).set('X-CSRF-Token', by.csrf).send(body);
  const login = (username: string, password: string, ip = '10.41.1.1') =>
    request(t.url).post('/dashboard/login').set('X-Forwarded-For', ip).type('form').send({ username, password });

  it('starts a development installation with the documented owner and staff accounts', async () => {
    const res = await accounts();
    expect(res.body).toEqual([
      expect.objectContaining({ username: 'owner', role: 'owner', disabled: false, createdBy: 'development start' }),
      expect.objectContaining({ username: 'staff', role: 'staff', disabled: false }),
    ]);
  });

  it('stores only an argon2id hash of each password', async () => {
    const rows = await t.dataSource.query<{ password_hash: string }[]>('SELECT password_hash FROM staff_accounts');
    for (const row of rows) {
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(row.password_hash).not.toContain('password');
    }
  });

  it('creates an account the new person signs in with; their changes carry their name in the history', async () => {
    const res = await addAccount({ username: 'maria', role: 'staff', password: 'tomato basil 1987' }).expect(201);
    expect(res.body).toMatchObject({ username: 'maria', role: 'staff', disabled: false, createdBy: 'dashboard:owner' });
    const maria = await staffLogin(t.url, '10.41.0.2', { username: 'Maria', password: 'tomato basil 1987' }); // any case
    const order = await placeOrder(t.url);
    const moved = await request(t.url)
      .patch(`/dashboard/api/orders/${order.id}/status`)
      .set('Cookie', maria.cookie)
      .set('X-CSRF-Token', maria.csrf)
      .send({ status: 'confirmed' })
      .expect(200);
    // (A text's outcome may join the history after the move, so the entry is looked for, not taken as the last.)
    expect(moved.body.history).toContainEqual(expect.objectContaining({ from: 'received', to: 'confirmed', actor: 'dashboard:maria' }));
  });

  it('refuses a taken name (in any case), a weak password and a malformed name, creating nothing', async () => {
    const taken = await addAccount({ username: 'MARIA', role: 'staff', password: 'another long password' }).expect(409);
    expect(taken.body).toMatchObject({ code: 'ACCOUNT_NAME_TAKEN', message: 'There is already an account named MARIA.' });
    const short = await addAccount({ username: 'luca', role: 'staff', password: 'short' }).expect(422);
    expect(short.body).toMatchObject({ code: 'WEAK_PASSWORD', message: 'The password must be at least 12 characters long.' });
    const named = await addAccount({ username: 'luca', role: 'staff', password: 'luca-the-best-cook' }).expect(422);
    expect(named.body.message).toBe('The password must not contain the account name.');
    await addAccount({ username: 'luca rossi', role: 'staff', password: 'a long enough password' }).expect(400);
    await addAccount({ username: 'luca', role: 'manager', password: 'a long enough password' }).expect(400);
    await addAccount({ username: 'luca', role: 'staff' }).expect(400);
    expect((await accounts()).body.map((a: { username: string }) => a.username)).toEqual(['owner', 'maria', 'staff']);
  });

  it('disabling an account ends its sessions at once: requests, its live stream and new sign-ins', async () => {
    const created = await addAccount({ username: 'paolo', role: 'staff', password: 'he likes anchovies' }).expect(201);
    const paolo = await staffLogin(t.url, '10.41.0.3', { username: 'paolo', password: 'he likes anchovies' });
    const { port } = new URL(t.url);
    const stream = http.get({ host: '127.0.0.1', port, path: '/dashboard/events', headers: { Cookie: paolo.cookie } });
    const res = await new Promise<http.IncomingMessage>((resolve) => stream.on('response', resolve));
    expect(res.statusCode).toBe(200);
    const ended = new Promise<void>((resolve) => res.on('end', resolve).on('close', resolve));
    res.resume();

    await changeAccount(created.body.id, { disabled: true }).expect(200);
    await ended; // the stream closed without the browser asking
    await request(t.url).get('/dashboard/api/orders').set('Cookie', paolo.cookie).expect(401);
    expect((await login('paolo', 'he likes anchovies')).status).toBe(401);

    await changeAccount(created.body.id, { disabled: false }).expect(200);
    // Enabled again, the old session stays ended; signing in again works.
    await request(t.url).get('/dashboard/api/orders').set('Cookie', paolo.cookie).expect(401);
    expect((await login('paolo', 'he likes anchovies', '10.41.1.2')).status).toBe(303);
  });

  it('a new password ends the old sessions; a new role applies to the next request of the same session', async () => {
    const created = await addAccount({ username: 'sofia', role: 'staff', password: 'pizza oven at 450' }).expect(201);
    const sofia = await staffLogin(t.url, '10.41.0.4', { username: 'sofia', password: 'pizza oven at 450' });
    await request(t.url).get('/dashboard/api/accounts').set('Cookie', sofia.cookie).expect(403);
    await changeAccount(created.body.id, { role: 'owner' }).expect(200);
    await request(t.url).get('/dashboard/api/accounts').set('Cookie', sofia.cookie).expect(200);

    await changeAccount(created.body.id, { password: 'short' }).expect(422);
    await request(t.url).get('/dashboard/api/orders').set('Cookie', sofia.cookie).expect(200); // a refused change ends nothing
    await changeAccount(created.body.id, { password: 'a brand new secret' }, sofia).expect(200);
    await request(t.url).get('/dashboard/api/orders').set('Cookie', sofia.cookie).expect(401);
    expect((await login('sofia', 'pizza oven at 450', '10.41.1.3')).status).toBe(401);
    expect((await login('sofia', 'a brand new secret', '10.41.1.4')).status).toBe(303);
    await changeAccount(created.body.id, { role: 'staff' }).expect(200);
  });

  it('never leaves the restaurant without an owner who can sign in, even when two owners demote each other at once', async () => {
    const list = (await accounts()).body as { id: string; username: string }[];
    const ownerId = list.find((a) => a.username === 'owner')!.id;
    const alone = await changeAccount(ownerId, { role: 'staff' }).expect(409);
    expect(alone.body).toMatchObject({
      code: 'LAST_OWNER',
      message: 'owner is the only owner who can sign in; make another account an owner first.',
    });
    await changeAccount(ownerId, { disabled: true }).expect(409);

    const second = await addAccount({ username: 'giulia', role: 'owner', password: 'espresso doppio 2' }).expect(201);
    const giulia = await staffLogin(t.url, '10.41.0.5', { username: 'giulia', password: 'espresso doppio 2' });
    const [a, b] = await Promise.all([changeAccount(ownerId, { role: 'staff' }, giulia), changeAccount(second.body.id, { role: 'staff' })]);
    // The loser is refused by the statement (409) or, when the winner finished first, already as staff (403).
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
    expect([403, 409]).toContain([a.status, b.status].find((s) => s !== 200));
    const owners = await t.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM staff_accounts WHERE role = 'owner' AND disabled_at IS NULL`,
    );
    expect(Number(owners[0].n)).toBe(1);
    // Put back as it was, whichever way the race went.
    const survivor = a.status === 200 ? giulia : owner;
    await changeAccount(a.status === 200 ? ownerId : second.body.id, { role: 'owner' }, survivor).expect(200);
  });

  it('answers 404 for an account that does not exist and 400 for a malformed id or change', async () => {
    await changeAccount(ZERO, { role: 'staff' }).expect(404);
    await changeAccount('not-a-uuid', { role: 'staff' }).expect(400);
    const list = (await accounts()).body as { id: string; username: string }[];
    await changeAccount(list[0].id, { disabled: 'yes' }).expect(400);
    await changeAccount(list[0].id, { role: null }).expect(400);
  });

  it('shows how to create the first owner while none can sign in, and refuses every sign-in', async () => {
    const app = await createTestApp();
    try {
      await app.dataSource.query(`DELETE FROM staff_accounts`);
      const page = await request(app.url).get('/dashboard/login').expect(200);
      expect(page.text).toContain('The dashboard has no owner account yet');
      expect(page.text).toContain('npm run user:add -- --role owner &lt;name&gt;');
      expect(page.text).not.toContain('<form');
      await request(app.url).get('/dashboard').expect(303).expect('Location', '/dashboard/login');
      const refused = await request(app.url).post('/dashboard/login').type('form').send({ username: 'owner', password: 'owner-password' });
      expect(refused.status).toBe(401);
      expect(refused.text).toContain('no owner account yet');
    } finally {
      await app.close();
    }
  });
});
