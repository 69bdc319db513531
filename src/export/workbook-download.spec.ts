import { jest } from '@jest/globals';
import { fastify, FastifyInstance } from 'fastify';
import fs, { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundError } from '@/common/domain-error.js';
import { toErrorBody } from '@/common/http-exception.filter.js';
import { sendWorkbook } from './workbook-download.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('sendWorkbook', () => {
  let app: FastifyInstance;
  let dir: string;
  let path: string;
  const first = Buffer.from('PK first version of the workbook');
  const second = Buffer.from('PK second, longer version of the same workbook');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'workbook-download-'));
    path = join(dir, 'orders-2025-11-28.xlsx');
    app = fastify();
    app.setErrorHandler((err, _request, reply) => {
      const body = toErrorBody(err);
      reply.code(body.statusCode).send(body);
    });
    app.get('/:name', async (request, reply) => {
      const file = join(dir, (request.params as { name: string }).name);
      await sendWorkbook(request, reply, file, () => new NotFoundError('The workbook'), { 'X-Extra': 'yes' });
      return reply;
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => writeFileSync(path, first));
  afterEach(() => jest.restoreAllMocks());

  it('sends the file as an xlsx attachment that is never cached, with the route’s own headers', async () => {
    const res = await app.inject({ url: '/orders-2025-11-28.xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': XLSX,
      'content-disposition': 'attachment; filename="orders-2025-11-28.xlsx"',
      'content-length': String(first.length),
      'cache-control': 'no-store',
      'accept-ranges': 'bytes',
      'x-extra': 'yes',
    });
    expect(Date.parse(String(res.headers['last-modified']))).not.toBeNaN();
    expect(res.rawPayload).toEqual(first);
  });

  it('answers byte ranges, conditional requests and HEAD', async () => {
    const part = await app.inject({ url: '/orders-2025-11-28.xlsx', headers: { range: 'bytes=3-7' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 3-7/${first.length}`);
    expect(part.rawPayload).toEqual(first.subarray(3, 8));

    const outside = await app.inject({ url: '/orders-2025-11-28.xlsx', headers: { range: 'bytes=999-' } });
    expect(outside.statusCode).toBe(416);
    expect(outside.headers['content-range']).toBe(`bytes */${first.length}`);
    expect(outside.json()).toMatchObject({ statusCode: 416 });

    const later = new Date(Date.now() + 60_000).toUTCString();
    expect((await app.inject({ url: '/orders-2025-11-28.xlsx', headers: { 'if-modified-since': later } })).statusCode).toBe(304);

    const head = await app.inject({ method: 'HEAD', url: '/orders-2025-11-28.xlsx' });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(first.length));
    expect(head.rawPayload).toHaveLength(0);
  });

  it('answers a missing file with the route’s not-found error', async () => {
    const res = await app.inject({ url: '/orders-1999-01-01.xlsx' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', message: 'The workbook was not found.' });
  });

  it('never mixes two versions: a rewrite landing between sizing and opening the file is sent whole', async () => {
    // The writer renames a new file over the old one right after @fastify/send has sized the old one.
    const stat = fs.stat;
    let rewritten = false;
    jest.spyOn(fs, 'stat').mockImplementation(((p: fs.PathLike, callback: (err: NodeJS.ErrnoException | null, stats: fs.Stats) => void) =>
      stat(p, (err, stats) => {
        if (!rewritten && p === path) {
          rewritten = true;
          writeFileSync(`${path}.tmp`, second);
          renameSync(`${path}.tmp`, path);
        }
        callback(err, stats);
      })) as typeof fs.stat);

    const res = await app.inject({ url: '/orders-2025-11-28.xlsx' });
    expect(rewritten).toBe(true);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe(String(second.length));
    expect(res.rawPayload).toEqual(second);
  });
});
