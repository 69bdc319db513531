import http from 'node:http';
import request from 'supertest';
import { staffLogin, StaffSession } from './support/dashboard.js';
import { fetchMenu, type MenuRow, orderBody } from './support/orders.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { ORDINARY_NOON, TestClock } from './support/test-clock.js';

const MINUTE = 60_000;

/**
 * The header's pause and busy switch over HTTP: reading and changing it behind the staff session and its CSRF
 * token, what a bad body gets, what a pause does to new orders, and the `ordering` event every open board hears.
 */
describe('Dashboard: pause and busy switch', () => {
  let t: TestApp;
  let staff: StaffSession;
  let menu: MenuRow[];
  const clock = new TestClock(ORDINARY_NOON, { stepMs: 1 });

  const at = (minutesFromNow: number) => new Date(clock.nowMs() + minutesFromNow * MINUTE).toISOString();
  const read = () => request(t.url).get('/dashboard/api/ordering').set('Cookie', staff.cookie);
  const change = (body: unknown) =>
    request(t.url)
      .put('/dashboard/api/ordering')
      .set('Cookie', staff.cookie)
      .set('X-CSRF-Token', staff.csrf)
      .send(body as object);
  const order = () => request(t.url).post('/api/orders').send(orderBody(menu));

  beforeAll(async () => {
    t = await createTestApp({ clock });
    staff = await staffLogin(t.url);
    menu = await fetchMenu(t.url);
  });
  afterAll(() => t.close());
  afterEach(async () => {
    await change({ paused: false, busyMinutes: 0 }).expect(200);
  });

  it('starts open: taking orders, no extra minutes', async () => {
    const res = await read().expect(200);
    expect(res.body).toMatchObject({ paused: false, resumesAt: null, busyMinutes: 0, busyUntil: null, active: false });
  });

  it.each([
    ['get', 401],
    ['put', 401],
  ] as const)('refuses %s without a session (%i)', async (method, status) => {
    await request(t.url)[method]('/dashboard/api/ordering').send({ paused: true }).expect(status);
  });

  it('changes nothing without the CSRF token, with a wrong one, or from another site (403)', async () => {
    const put = () => request(t.url).put('/dashboard/api/ordering').set('Cookie', staff.cookie);
    await put().send({ paused: true }).expect(403);
    await put().set('X-CSRF-Token', 'wrong').send({ paused: true }).expect(403);
    await put().set('X-CSRF-Token', staff.csrf).set('Origin', 'https://evil.example').send({ paused: true }).expect(403);
    await put().set('X-CSRF-Token', staff.csrf).set('Sec-Fetch-Site', 'cross-site').send({ paused: true }).expect(403);
    expect((await read().expect(200)).body.paused).toBe(false);
    await order().expect(201);
  });

  it.each([
    ['an empty body', {}, 'send at least one of'],
    ['paused as a word', { paused: 'yes' }, 'paused must be true or false'],
    ['paused null', { paused: null }, 'paused must be true or false'],
    ['busy minutes past four hours', { busyMinutes: 241 }, 'busyMinutes must be a whole number of minutes from 0 to 240'],
    ['negative busy minutes', { busyMinutes: -5 }, 'busyMinutes must be a whole number'],
    ['busy minutes with a fraction', { busyMinutes: 2.5 }, 'busyMinutes must be a whole number'],
    ['busy minutes as text', { busyMinutes: '20' }, 'busyMinutes must be a whole number'],
    ['a resume time without its offset', { paused: true, resumesAt: '2026-03-10T12:30:00' }, 'resumesAt must be a time with its offset'],
    ['a resume time that is a word', { paused: true, resumesAt: 'soon' }, 'resumesAt must be a time with its offset'],
    ['a field the switch does not have', { paused: true, reason: 'rush' }, 'property reason should not exist'],
    ['a busy end that is a day', { busyMinutes: 10, busyUntil: '2026-03-10' }, 'busyUntil must be a time with its offset'],
  ])('refuses %s (400, naming the field)', async (_, body, message) => {
    const res = await change(body).expect(400);
    expect([res.body.message].flat().join(' ')).toContain(message);
    expect((await read().expect(200)).body).toMatchObject({ paused: false, busyMinutes: 0 });
  });

  it('refuses times that could not apply: in the past, a resume time without a pause, an end without minutes', async () => {
    const past = await change({ paused: true, resumesAt: at(-1) }).expect(400);
    expect(past.body.message).toEqual(['resumesAt must be in the future']);
    const alone = await change({ resumesAt: at(30) }).expect(400);
    expect(alone.body.message).toEqual(['resumesAt is sent with paused: true']);
    const lifted = await change({ paused: false, resumesAt: at(30) }).expect(400);
    expect(lifted.body.message).toEqual(['resumesAt is sent with paused: true']);
    const endOnly = await change({ busyUntil: at(30) }).expect(400);
    expect(endOnly.body.message).toEqual(['busyUntil is sent with busyMinutes above 0']);
    const pastBusy = await change({ busyMinutes: 10, busyUntil: at(-5) }).expect(400);
    expect(pastBusy.body.message).toEqual(['busyUntil must be in the future']);
    expect((await read().expect(200)).body).toMatchObject({ paused: false, busyMinutes: 0 });
  });

  it('pauses new orders until a time: POST /api/orders answers 422 ORDERING_PAUSED with it; lifting it lets orders in', async () => {
    const resumesAt = at(30);
    const paused = await change({ paused: true, resumesAt }).expect(200);
    expect(paused.body).toMatchObject({ paused: true, active: true, updatedBy: 'dashboard:owner' });
    expect(Date.parse(paused.body.resumesAt)).toBe(Date.parse(resumesAt));
    expect((await read().expect(200)).body).toMatchObject({ paused: true, resumesAt: paused.body.resumesAt });

    const refused = await order().expect(422);
    expect(refused.body.code).toBe('ORDERING_PAUSED');
    expect(Date.parse(refused.body.resumesAt)).toBe(Date.parse(resumesAt));
    // Restaurant time, as every time the API gives.
    expect(refused.body.resumesAt).toMatch(/-0[78]:00$/);
    expect(refused.body.message).toContain('not taking new orders');

    await change({ paused: false }).expect(200);
    expect((await read().expect(200)).body).toMatchObject({ paused: false, resumesAt: null, active: false });
    await order().expect(201);
  });

  it('pauses until staff lift it (resumesAt null), and a pause that reaches its resume time ends by itself', async () => {
    await change({ paused: true, resumesAt: null }).expect(200);
    const refused = await order().expect(422);
    expect(refused.body).toMatchObject({ code: 'ORDERING_PAUSED', resumesAt: null });

    await change({ paused: true, resumesAt: at(15) }).expect(200);
    await order().expect(422);
    clock.advance(15 * MINUTE + 1000);
    expect((await read().expect(200)).body).toMatchObject({ paused: false, resumesAt: null, active: false });
    await order().expect(201);
  });

  it('adds busy minutes to the promise of every new order, and takes them off when cleared', async () => {
    const promise = (o: { promisedAt: string | null; createdAt: string }) => (Date.parse(o.promisedAt!) - Date.parse(o.createdAt)) / MINUTE;
    const before = promise((await order().expect(201)).body);
    const busy = await change({ busyMinutes: 20 }).expect(200);
    expect(busy.body).toMatchObject({ paused: false, busyMinutes: 20, busyUntil: null, active: true });
    expect(promise((await order().expect(201)).body) - before).toBeCloseTo(20, 0);

    await change({ busyMinutes: 0 }).expect(200);
    expect(promise((await order().expect(201)).body) - before).toBeCloseTo(0, 0);

    const until = at(45);
    const timed = await change({ busyMinutes: 10, busyUntil: until }).expect(200);
    expect(Date.parse(timed.body.busyUntil)).toBe(Date.parse(until));
    clock.advance(46 * MINUTE);
    expect((await read().expect(200)).body).toMatchObject({ busyMinutes: 0, busyUntil: null, active: false });
  });

  it('tells every open board over the live stream (event: ordering)', async () => {
    const received: string[] = [];
    const req = http.get({ host: '127.0.0.1', port: new URL(t.url).port, path: '/dashboard/events', headers: { Cookie: staff.cookie } });
    try {
      const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => received.push(chunk));
      await waitFor(() => received.join('').includes('event: hello'));
      await change({ paused: true, resumesAt: null, busyMinutes: 30 }).expect(200);
      await waitFor(() => received.join('').includes('event: ordering'));
      const line = received
        .join('')
        .split('\n')
        .find((l) => l.startsWith('data: ') && l.includes('"ordering"'))!;
      expect(JSON.parse(line.slice(6)).state).toMatchObject({ paused: true, resumesAt: null, busyMinutes: 30, active: true });
    } finally {
      req.destroy();
    }
  });
});

/** Polls `check` until it holds; the deadline is generous, a failure to arrive, not a speed limit. */
async function waitFor(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
