import send from '@fastify/send';
import { HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fstat, ReadStream, type Stats } from 'node:fs';
import { once } from 'node:events';
import { STATUS_CODES } from 'node:http';
import { basename, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DomainError, ErrorCode } from '@/common/domain-error.js';

const fstatAsync = promisify(fstat);

/** Rewrites of a day come seconds apart, so one more try nearly always does; five misses in a row are a fault. */
const ATTEMPTS = 5;

/**
 * A day's workbook as a download: the one way both routes send it (`GET /api/exports/:date` for admins,
 * `GET /dashboard/exports/:date` for staff). `Content-Disposition: attachment`, `Cache-Control: no-store`,
 * Last-Modified, byte ranges, conditional requests and HEAD, as Express's `res.download` answered (the
 * answers come from @fastify/send). `headers` are the route's own extras.
 *
 * The writer replaces a workbook by renaming a new file over it, so the bytes sent must come from the file the
 * headers describe: @fastify/send sizes the file by its path and opens it a moment later. The opened file is
 * checked to be the one it sized; when a rewrite landed in between, it asks again.
 */
export async function sendWorkbook(
  request: FastifyRequest,
  reply: FastifyReply,
  path: string,
  notFound: () => Error,
  headers: Record<string, string> = {},
): Promise<void> {
  reply.headers({ 'Cache-Control': 'no-store', ...headers });
  for (let attempt = 1; ; attempt++) {
    const file = await send(request.raw, resolve(path), { etag: false, cacheControl: false });
    reply.header('Content-Disposition', `attachment; filename="${basename(path)}"`);
    if (file.type === 'error') {
      if (file.statusCode === 404) throw notFound();
      if (file.headers['Content-Range']) reply.header('Content-Range', file.headers['Content-Range']);
      throw new HttpException(STATUS_CODES[file.statusCode] ?? 'Error', file.statusCode);
    }
    if (file.type === 'file' && file.stream instanceof ReadStream && !(await opened(file.stream, file.metadata.stat))) {
      if (attempt < ATTEMPTS) continue;
      throw new DomainError(ErrorCode.EXPORT_NOT_READY, `${basename(path)} is being rewritten; try again in a few seconds.`);
    }
    reply.code(file.statusCode).headers(file.headers).send(file.stream);
    return;
  }
}

/** Whether `stream` opened the file `sized` describes; if not, the stream is closed. */
async function opened(stream: ReadStream, sized: Stats): Promise<boolean> {
  try {
    if (stream.pending) await once(stream, 'open');
    // `fd` is set once the stream has opened; Node's typings leave it out.
    const actual = await fstatAsync((stream as ReadStream & { fd: number }).fd);
    if (actual.ino === sized.ino && actual.dev === sized.dev) return true;
  } catch {
    // The file is gone or unreadable: asking again answers as a missing file does.
  }
  stream.destroy();
  return false;
}
