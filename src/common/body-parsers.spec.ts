import { fastify, FastifyInstance } from 'fastify';
import { gzipSync } from 'node:zlib';
import { BODY_LIMIT_BYTES, dropUnparseableContentType, registerBodyParsers } from './body-parsers.js';

/** What body-parser (Express) answered to the same requests; Nest maps a 400 SyntaxError to its message. */
describe('body parsers', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = fastify();
    app.addHook('onRequest', (request, _reply, done) => {
      dropUnparseableContentType(request);
      done();
    });
    registerBodyParsers(app, '/dashboard');
    app.setErrorHandler((err: Error & { status?: number; type?: string }, _request, reply) => {
      reply.code(err.status ?? 500).send({ error: err.constructor.name, type: err.type, message: err.message });
    });
    const echo = (request: { body: unknown; rawBody?: Buffer }) => ({
      body: request.body ?? '(undefined)',
      raw: request.rawBody?.toString() ?? null,
    });
    app.post('/api/echo', async (request) => echo(request));
    app.post('/dashboard/login', async (request) => echo(request));
    await app.ready();
  });
  afterAll(() => app.close());

  const post = (url: string, payload: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    app.inject({ method: 'POST', url, payload, headers });

  it('parses a JSON object or array and keeps the bytes for signature checks', async () => {
    const res = await post('/api/echo', ' {"a": 1} ');
    expect(res.json()).toEqual({ body: { a: 1 }, raw: ' {"a": 1} ' });
    expect((await post('/api/echo', '[1]')).json().body).toEqual([1]);
  });

  it.each([
    ['{"a": ', 'Unexpected end of JSON input'],
    ['null', 'Unexpected token \'n\', "null" is not valid JSON'],
    ['  "x"', 'Unexpected token \'"\', "  "x"" is not valid JSON'],
    ['   ', 'Unexpected end of JSON input'],
  ])('refuses %j as a SyntaxError with JSON.parse message', async (payload, message) => {
    const res = await post('/api/echo', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'SyntaxError', type: 'entity.parse.failed', message });
  });

  it('answers 413 above the limit, declared up front or found while inflating', async () => {
    const big = JSON.stringify({ notes: 'x'.repeat(BODY_LIMIT_BYTES) });
    expect((await post('/api/echo', big)).json()).toMatchObject({ type: 'entity.too.large' });
    const inflated = await post('/api/echo', gzipSync(big), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(inflated.statusCode).toBe(413);
  });

  it('inflates gzip bodies and refuses unknown encodings and charsets with a 415', async () => {
    const res = await post('/api/echo', gzipSync('{"a":1}'), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(res.json()).toEqual({ body: { a: 1 }, raw: '{"a":1}' });
    const compress = await post('/api/echo', 'x', { 'content-type': 'application/json', 'content-encoding': 'compress' });
    expect([compress.statusCode, compress.json().message]).toEqual([415, 'unsupported content encoding "compress"']);
    const latin1 = await post('/api/echo', '{}', { 'content-type': 'application/json; charset=latin1' });
    expect([latin1.statusCode, latin1.json().message]).toEqual([415, 'unsupported charset "LATIN1"']);
  });

  it('refuses a body that does not inflate, and one shorter than its Content-Length, with a 400', async () => {
    const corrupt = await post('/api/echo', Buffer.from('not gzip at all'), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect([corrupt.statusCode, corrupt.json().type]).toEqual([400, 'stream.failed']);
    const short = await post('/api/echo', '{"a":1}', { 'content-type': 'application/json', 'content-length': '20' });
    expect([short.statusCode, short.json().type]).toEqual([400, 'request.size.invalid']);
  });

  it('parses forms only under /dashboard, and never reads other types', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await post('/dashboard/login', 'username=st%C3%A4ff&a[b]=1&a[b]=2', form)).json().body).toEqual({
      username: 'stäff',
      'a[b]': ['1', '2'],
    });
    // Elsewhere a form is not read, so even one over the size limit leaves the body undefined.
    expect((await post('/api/echo', `a=${'x'.repeat(BODY_LIMIT_BYTES)}`, form)).json()).toEqual({ body: '(undefined)', raw: null });
    expect((await post('/api/echo', 'hello', { 'content-type': 'text/plain' })).json().body).toBe('(undefined)');
    expect((await post('/api/echo', '{"a":1}', { 'content-type': ';;;' })).json().body).toBe('(undefined)');
  });
});
