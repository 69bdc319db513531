import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { gzipSync } from 'node:zlib';
import { AllExceptionsFilter } from './http-exception.filter.js';
import { BODY_LIMIT_BYTES, registerBodyParsers } from './request-body.js';

@Controller()
class EchoController {
  @Post(['api/echo', 'dashboard/login'])
  @HttpCode(200)
  echo(@Body() body: unknown, @Req() request: RawBodyRequest<FastifyRequest>) {
    return { body: body ?? '(undefined)', raw: request.rawBody?.toString() ?? null };
  }
}

/** The answers clients have always had for bodies (README "Decisions", HTTP layer), through Nest and the filter. */
describe('request bodies', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [EchoController] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }), {
      rawBody: true,
      logger: false,
    });
    app.useGlobalFilters(new AllExceptionsFilter());
    registerBodyParsers(app, '/dashboard');
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  const json = { 'content-type': 'application/json' };
  const post = (url: string, payload: string | Buffer, headers: Record<string, string> = json) =>
    app.inject({ method: 'POST', url, payload, headers });

  it('parses a JSON object or array and keeps the bytes for signature checks', async () => {
    expect((await post('/api/echo', ' {"a": 1} ')).json()).toEqual({ body: { a: 1 }, raw: ' {"a": 1} ' });
    expect((await post('/api/echo', '[1]')).json().body).toEqual([1]);
    expect((await post('/api/echo', '{"__proto__":{"x":1}}')).json().body).toEqual({ ['__proto__']: { x: 1 } });
    expect((await post('/api/echo', '')).json()).toEqual({ body: '(undefined)', raw: '' });
    expect((await post('/api/echo', Buffer.from('\ufeff{"a":1}'))).json().body).toEqual({ a: 1 });
  });

  it.each(['{"a": ', 'null', '  "x"', '   '])('refuses %j as not valid JSON (400)', async (payload) => {
    const res = await post('/api/echo', payload);
    expect([res.statusCode, res.json()]).toEqual([
      400,
      { statusCode: 400, error: 'Bad Request', message: 'The request body is not valid JSON.' },
    ]);
  });

  it('answers 413 above the limit, declared up front or found while inflating', async () => {
    const big = JSON.stringify({ notes: 'x'.repeat(BODY_LIMIT_BYTES) });
    const tooLarge = { statusCode: 413, error: 'Payload Too Large', message: 'The request body is too large.' };
    expect((await post('/api/echo', big)).json()).toEqual(tooLarge);
    expect((await post('/api/echo', gzipSync(big), { ...json, 'content-encoding': 'gzip' })).json()).toEqual(tooLarge);
  });

  it('inflates gzip, deflate and br bodies and refuses other encodings and charsets with a 415', async () => {
    const gzip = await post('/api/echo', gzipSync('{"a":1}'), { ...json, 'content-encoding': 'GZIP' });
    expect(gzip.json()).toEqual({ body: { a: 1 }, raw: '{"a":1}' });
    const compress = await post('/api/echo', 'x', { ...json, 'content-encoding': 'compress' });
    expect([compress.statusCode, compress.json().message]).toEqual([415, 'unsupported content encoding "compress"']);
    const latin1 = await post('/api/echo', '{}', { 'content-type': 'application/json; charset=latin1' });
    expect([latin1.statusCode, latin1.json().message]).toEqual([415, 'unsupported charset "LATIN1"']);
    const utf16 = await post('/api/echo', Buffer.from('{"a":"é"}', 'utf16le'), { 'content-type': 'application/json; charset=utf-16le' });
    expect(utf16.json().body).toEqual({ a: 'é' });
  });

  it('refuses a body that does not inflate, and one shorter than its Content-Length, with a 400', async () => {
    const corrupt = await post('/api/echo', Buffer.from('not gzip at all'), { ...json, 'content-encoding': 'gzip' });
    expect([corrupt.statusCode, corrupt.json().message]).toEqual([400, 'incorrect header check']);
    const short = await post('/api/echo', '{"a":1}', { ...json, 'content-length': '20' });
    expect([short.statusCode, short.json().message]).toEqual([400, 'request size did not match content length']);
  });

  it('parses forms only under /dashboard, and never reads other types', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await post('/dashboard/login', 'username=st%C3%A4ff&a[b]=1&a[b]=2', form)).json().body).toEqual({
      username: 'stäff',
      'a[b]': ['1', '2'],
    });
    expect((await post('/api/echo', 'username=staff', form)).json().body).toBe('(undefined)');
    expect((await post('/api/echo', 'x'.repeat(BODY_LIMIT_BYTES + 1), { 'content-type': 'text/plain' })).json()).toEqual({
      body: '(undefined)',
      raw: null,
    });
    expect((await post('/api/echo', '{"a":1}', { 'content-type': 'json' })).json().body).toBe('(undefined)');
    expect((await post('/api/echo', 'x', { 'content-type': 'text/plain', 'content-encoding': 'compress' })).statusCode).toBe(200);
  });
});
