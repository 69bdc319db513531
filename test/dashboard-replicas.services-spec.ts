import request from 'supertest';
import { DASHBOARD_PASSWORD, DASHBOARD_USER, staffLogin } from './support/dashboard.js';
import { createTestApp, TestApp } from './support/test-app.js';

/** Two API replicas on one database: the login slow-down and logout hold on both. */
describe('dashboard sign-in state across replicas', () => {
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
    const locked = await attempt(b, '10.7.0.1', DASHBOARD_USER, DASHBOARD_PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(29);
    expect((await attempt(a, '10.7.0.1', DASHBOARD_USER, DASHBOARD_PASSWORD)).status).toBe(429);
    expect((await attempt(b, '10.7.0.2', DASHBOARD_USER, DASHBOARD_PASSWORD)).status).toBe(303);
  });

  it('ends a session on every replica when staff log out on one', async () => {
    const staff = await staffLogin(a.url, '10.7.1.1');
    await request(b.url).get('/dashboard/api/orders').set('Cookie', staff.cookie).expect(200);
    await request(a.url).post('/dashboard/logout').set('Cookie', staff.cookie).set('X-CSRF-Token', staff.csrf).expect(204);
    await request(b.url).get('/dashboard/api/orders').set('Cookie', staff.cookie).expect(401);
    await request(a.url).get('/dashboard/api/orders').set('Cookie', staff.cookie).expect(401);
  });
});
