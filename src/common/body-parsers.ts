import type { RawBodyRequest } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { parse as parseQuery, type ParsedUrlQuery } from 'node:querystring';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import getRawBody from 'raw-body';

/** Largest request body accepted (JSON or form, after decompression); anything bigger is a 413. */
export const BODY_LIMIT_BYTES = 256 * 1024;

/** Most fields a form may have. */
const FORM_PARAMETER_LIMIT = 1000;

/**
 * The request body parsers, registered on Fastify in place of its own (and Nest's, hence `bodyParser: false`):
 * - `application/json` everywhere: strict (an object or an array), gzip/deflate/br bodies inflated, UTF-8
 *   (any `utf-*` charset), at most BODY_LIMIT_BYTES; the bytes are kept as `request.rawBody`, which the Stripe
 *   and Vapi webhooks verify signatures against.
 * - `application/x-www-form-urlencoded` under `formPath` only (the dashboard's sign-in form): flat fields.
 * - any other type, or a form elsewhere, is not read at all: the body stays undefined, so validation answers
 *   400 naming the missing fields (not a 415).
 * They answer as body-parser did under Express: errors carry `status`, `type` and `expose` (http-errors
 * shape), and a JSON syntax error is a SyntaxError with JSON.parse's message, both turned into the same 400,
 * 413 and 415 bodies by Nest and AllExceptionsFilter.
 */
export function registerBodyParsers(fastify: FastifyInstance, formPath: string): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', (request, payload, done) => {
    if (!hasBody(request)) return done(null, undefined);
    const charset = charsetOf(request) ?? 'utf-8';
    if (!charset.startsWith('utf-')) return done(unsupportedCharset(charset));
    readBody(request, payload, (err, raw) => {
      if (err) return done(err);
      (request as RawBodyRequest<FastifyRequest>).rawBody = raw;
      try {
        done(null, parseJson(decode(raw!, charset)));
      } catch (e) {
        done(e as Error);
      }
    });
  });
  const formPrefix = formPath.toLowerCase();
  fastify.addContentTypeParser('application/x-www-form-urlencoded', (request, payload, done) => {
    if (!isUnder(request.url, formPrefix) || !hasBody(request)) return done(null, undefined);
    const charset = charsetOf(request) ?? 'utf-8';
    if (charset !== 'utf-8' && charset !== 'iso-8859-1') return done(unsupportedCharset(charset));
    readBody(request, payload, (err, raw) => {
      if (err) return done(err);
      try {
        done(null, parseForm(raw!, charset));
      } catch (e) {
        done(e as Error);
      }
    });
  });
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
}

const TYPE_TOKEN = /^[\w!#$%&'*+.^`|~-]+$/;
const SUBTYPE_TOKEN = /^[\w!#$%&'*+.^`|~-]+\s*$/;

/**
 * A Content-Type Fastify cannot parse (`;;;`, `json`) is removed, so the body is treated like one of an unknown
 * type, not read (as under Express); Fastify would refuse the request with a 415 before routing it further.
 * Same test as Fastify's own (lib/content-type.js). Called for every request (the app's first onRequest hook).
 */
export function dropUnparseableContentType(request: FastifyRequest): void {
  const header = request.headers['content-type'];
  if (header === undefined) return;
  const semicolon = header.indexOf(';');
  const media = semicolon === -1 ? header : header.slice(0, semicolon);
  const slash = media.indexOf('/');
  if (slash !== -1 && TYPE_TOKEN.test(media.slice(0, slash).trimStart()) && SUBTYPE_TOKEN.test(media.slice(slash + 1).trimEnd())) return;
  delete request.headers['content-type'];
}

/** An error shaped like body-parser's (http-errors): AllExceptionsFilter answers it with its status and message. */
function bodyError(status: number, message: string, type: string, cause?: Error): Error {
  const err = cause ?? new Error(message);
  return Object.assign(err, { status, statusCode: status, expose: true, type });
}

function unsupportedCharset(charset: string): Error {
  return bodyError(415, `unsupported charset "${charset.toUpperCase()}"`, 'charset.unsupported');
}

/** As type-is' hasBody: a declared non-zero length or a chunked body. */
function hasBody(request: FastifyRequest): boolean {
  const headers = request.headers;
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}

function charsetOf(request: FastifyRequest): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(request.headers['content-type'] ?? '');
  return match ? match[1].toLowerCase() : undefined;
}

/** `/dashboard`, `/dashboard/...` or `/dashboard?...` (case-insensitive, as Express matched `app.use('/dashboard')`). */
function isUnder(url: string, prefix: string): boolean {
  if (url.length < prefix.length || url.slice(0, prefix.length).toLowerCase() !== prefix) return false;
  const next = url.charAt(prefix.length);
  return next === '' || next === '/' || next === '?';
}

/**
 * Reads the whole body with raw-body (what body-parser used): inflated when compressed, at most
 * BODY_LIMIT_BYTES (413), exactly Content-Length bytes when the body is not compressed (else 400).
 */
function readBody(request: FastifyRequest, payload: Readable, done: (err: Error | null, body?: Buffer) => void): void {
  const encoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase();
  let stream: Readable = payload;
  if (encoding !== 'identity') {
    const inflate = decompressor(encoding);
    if (!inflate) return done(bodyError(415, `unsupported content encoding "${encoding}"`, 'encoding.unsupported'));
    stream = payload.pipe(inflate);
    // A client that hangs up mid-body never ends the inflated stream: end the read as raw-body ends its own.
    payload.once('close', () => {
      if (!(payload as IncomingMessage).complete) inflate.destroy(bodyError(400, 'request aborted', 'request.aborted'));
    });
  }
  const length = encoding === 'identity' ? request.headers['content-length'] : undefined;
  getRawBody(stream, { length, limit: BODY_LIMIT_BYTES }, (err, body) => {
    if (stream !== payload) {
      payload.unpipe();
      stream.destroy();
      if (err) payload.resume();
    }
    if (!err) return done(null, body);
    // raw-body's own errors carry their status; a stream that failed (bad gzip, say) is the client's 400.
    done((err as { status?: number }).status ? err : bodyError(400, err.message, 'stream.failed', err));
  });
}

function decompressor(encoding: string): zlib.Inflate | zlib.Gunzip | zlib.BrotliDecompress | null {
  if (encoding === 'gzip') return zlib.createGunzip();
  if (encoding === 'deflate') return zlib.createInflate();
  if (encoding === 'br') return zlib.createBrotliDecompress();
  return null;
}

/** Text of a JSON body in its `utf-*` charset, without a byte order mark. */
function decode(raw: Buffer, charset: string): string {
  if (charset === 'utf-8') {
    const text = raw.toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  try {
    return new TextDecoder(charset).decode(raw);
  } catch {
    throw unsupportedCharset(charset);
  }
}

// eslint-disable-next-line no-control-regex -- tab, LF and CR are JSON's whitespace, which this skips
const FIRST_NON_WHITESPACE = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d]|$)/;

/** body-parser's strict JSON: `{}` for an empty body, only an object or array at the top, JSON.parse's messages. */
function parseJson(text: string): unknown {
  if (text.length === 0) return {};
  if (text[0] !== '{' && text[0] !== '[') {
    const first = FIRST_NON_WHITESPACE.exec(text)?.[1] || undefined;
    if (first !== '{' && first !== '[') throw syntaxError(strictViolationMessage(text, first));
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw syntaxError((e as Error).message);
  }
}

/** The message JSON.parse gives for the first character that is not `{` or `[`, as body-parser words it. */
function strictViolationMessage(text: string, first: string | undefined): string {
  const index = first === undefined ? -1 : text.indexOf(first);
  const partial = index === -1 ? '' : text.slice(0, index) + '#'.repeat(text.length - index);
  try {
    JSON.parse(partial);
    return 'strict violation';
  } catch (e) {
    return (e as Error).message.replace(/#+/g, (placeholder) => text.substring(index, index + placeholder.length));
  }
}

/** Nest turns a SyntaxError with status 400 into a BadRequestException with its message, as it did under Express. */
function syntaxError(message: string): Error {
  return bodyError(400, message, 'entity.parse.failed', new SyntaxError(message));
}

/** Flat fields (`a[b]=1` is a field named "a[b]"); a repeated field becomes an array. */
function parseForm(raw: Buffer, charset: string): ParsedUrlQuery {
  const text = raw.toString(charset === 'utf-8' ? 'utf8' : 'latin1');
  if (text.length === 0) return {};
  let fields = 1;
  for (let i = text.indexOf('&'); i !== -1; i = text.indexOf('&', i + 1)) {
    if (++fields > FORM_PARAMETER_LIMIT) throw bodyError(413, 'too many parameters', 'parameters.too.many');
  }
  // Percent-escapes are UTF-8 unless the form says ISO-8859-1 (then each %XX is one character).
  return parseQuery(text, '&', '=', { maxKeys: 0, ...(charset === 'iso-8859-1' && { decodeURIComponent: globalThis.unescape }) });
}
