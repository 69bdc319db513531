import { fastify, FastifyInstance } from 'fastify';
import { redirect, setCookie } from './dashboard-http.js';

/** The answers Express's res.redirect and res.cookie / res.clearCookie gave, byte for byte. */
describe('dashboard redirects and cookies', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = fastify();
    app.get('/go', (request, reply) => redirect(request, reply, 303, '/dashboard/login'));
    app.get('/cookie', (_request, reply) => {
      setCookie(reply, 'ros_dashboard', 'a.b', { httpOnly: true, secure: true, path: '/dashboard', maxAgeMs: 12 * 3_600_000 });
      reply.send('');
    });
    app.get('/clear', (_request, reply) => {
      setCookie(reply, 'ros_dashboard', '', { httpOnly: true, secure: false, path: '/dashboard' });
      reply.send('');
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it.each([
    [undefined, 'text/plain; charset=utf-8', 'See Other. Redirecting to /dashboard/login'],
    ['*/*', 'text/plain; charset=utf-8', 'See Other. Redirecting to /dashboard/login'],
    [
      'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      'text/html; charset=utf-8',
      '<p>See Other. Redirecting to /dashboard/login</p>',
    ],
    ['text/plain;q=0.5, text/html;q=0.6', 'text/html; charset=utf-8', '<p>See Other. Redirecting to /dashboard/login</p>'],
    ['application/json', undefined, ''],
  ])('Accept %s gets %s', async (accept, type, body) => {
    const res = await app.inject({ url: '/go', headers: accept ? { accept } : {} });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/dashboard/login');
    expect(res.headers.vary).toBe('Accept');
    expect(res.headers['content-type']).toBe(type);
    expect(res.body).toBe(body);
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  it('writes the session cookie and its removal with the attributes and order Express used', async () => {
    const before = Date.now();
    const set = String((await app.inject({ url: '/cookie' })).headers['set-cookie']);
    expect(set).toMatch(/^ros_dashboard=a\.b; Max-Age=43200; Path=\/dashboard; Expires=([^;]+); HttpOnly; Secure; SameSite=Strict$/);
    const expires = Date.parse(/Expires=([^;]+)/.exec(set)![1]);
    expect(Math.abs(expires - (before + 43_200_000))).toBeLessThan(2000);
    expect((await app.inject({ url: '/clear' })).headers['set-cookie']).toBe(
      'ros_dashboard=; Path=/dashboard; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict',
    );
  });
});
