import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseQuery, type ParsedUrlQuery } from 'node:querystring';
import type { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';

/** Largest request body accepted (JSON or form, after decompression); anything bigger is a 413. */
export const BODY_LIMIT_BYTES = 256 * 1024;

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * Request bodies. Fastify reads them (BODY_LIMIT_BYTES, the Content-Length check) and Nest keeps the bytes as
 * `request.rawBody` (the `rawBody` app option), which the Stripe and Vapi webhooks verify signatures against.
 * What is written here is only what keeps the API's answers as they were (README "Decisions", HTTP layer):
 * - JSON everywhere, read as before: an empty body is no body (not Fastify's 400), only an object or an array
 *   at the top, any `utf-*` charset (another is a 415), `__proto__` kept as a plain key as JSON.parse does;
 * - a form parsed only on routes under `formPath` (the dashboard's sign-in); elsewhere a form is read but not
 *   parsed, and any other type is not read at all: the body stays undefined, so validation answers 400 naming
 *   the missing fields (never a 415);
 * - gzip, deflate and br bodies inflated (Fastify reads no compressed body), another encoding a 415.
 * Errors carry `status`, `statusCode` and `expose` (the http-errors shape): Nest's adapter wraps them in an
 * HttpException and AllExceptionsFilter answers with their status and message.
 */
export function registerBodyParsers(app: NestFastifyApplication, formPath: string): void {
  // By the route that matched, not the URL as sent (which may spell the path in other ways).
  const takesForms = (route = '') => route === formPath || route.startsWith(`${formPath}/`);
  app.useBodyParser(JSON_TYPE, { bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => done(null, parseJson(request, body)));
  app.useBodyParser(FORM_TYPE, { bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) =>
    done(null, takesForms(request.routeOptions.url) ? parseForm(request, body) : undefined),
  );
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  // Any other type is not read at all (Fastify's own text/plain parser included).
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  fastify.addHook('preParsing', readableBody);
}

/**
 * A Content-Type Fastify cannot parse (`;;;`, `json`) is removed, so the body is treated like one of an unknown
 * type, as before: Fastify would answer 415 itself. Same test as Fastify's (lib/content-type.js), made before
 * anything reads `request.mediaType`. Then a JSON or form body in a compressed encoding is inflated.
 */
function readableBody(
  request: FastifyRequest,
  _reply: FastifyReply,
  payload: Readable,
  done: (err: Error | null, body?: Readable) => void,
) {
  const type = request.headers['content-type'];
  if (type === undefined) return done(null, payload);
  if (!PARSEABLE_TYPE.test(type)) {
    delete request.headers['content-type'];
    return done(null, payload);
  }
  const encoding = request.headers['content-encoding']?.toLowerCase();
  if (encoding === undefined || encoding === 'identity' || (request.mediaType !== JSON_TYPE && request.mediaType !== FORM_TYPE)) {
    return done(null, payload);
  }
  const inflate = INFLATERS.get(encoding)?.();
  if (!inflate) return done(clientError(415, `unsupported content encoding "${encoding}"`, 'encoding.unsupported'));
  // Fastify checks Content-Length, and the limit before inflating, against the bytes received.
  const counted = Object.assign(inflate, { receivedEncodedLength: 0 });
  payload.on('data', (chunk: Buffer) => (counted.receivedEncodedLength += chunk.length));
  // A body that does not inflate, or a client that hangs up mid-body, is the client's 400.
  inflate.once('error', (err) => Object.assign(err, { status: 400, statusCode: 400, expose: true, type: 'stream.failed' }));
  payload.once('close', () => {
    if (!(payload as Readable & { complete?: boolean }).complete) inflate.destroy(new Error('request aborted'));
  });
  done(null, payload.pipe(inflate));
}

const PARSEABLE_TYPE = /^\s*[\w!#$%&'*+.^`|~-]+\/[\w!#$%&'*+.^`|~-]+\s*(;|$)/;

const INFLATERS = new Map<string, () => Transform>([
  ['gzip', zlib.createGunzip],
  ['deflate', zlib.createInflate],
  ['br', zlib.createBrotliDecompress],
]);

/** An error shaped like http-errors' (what body-parser threw under Express). */
function clientError(status: number, message: string, type: string): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose: true, type });
}

function charsetOf(request: { headers: IncomingHttpHeaders }): string {
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(request.headers['content-type'] ?? '');
  return match ? match[1].toLowerCase() : 'utf-8';
}

function unsupportedCharset(charset: string): Error {
  return clientError(415, `unsupported charset "${charset.toUpperCase()}"`, 'charset.unsupported');
}

function parseJson(request: { headers: IncomingHttpHeaders }, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const charset = charsetOf(request);
  let text: string;
  if (charset === 'utf-8') text = raw.toString('utf8');
  else if (!charset.startsWith('utf-')) throw unsupportedCharset(charset);
  else {
    try {
      text = new TextDecoder(charset).decode(raw);
    } catch {
      throw unsupportedCharset(charset);
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Only an object or an array at the top, as body-parser's strict mode (JSON's whitespace is space, tab, LF, CR).
  const first = /^[ \t\n\r]*(.)/s.exec(text)?.[1];
  try {
    if (first !== '{' && first !== '[') throw new SyntaxError('The top level is not an object or an array');
    return JSON.parse(text);
  } catch (e) {
    throw clientError(400, (e as Error).message, 'entity.parse.failed');
  }
}

/** Flat fields (`a[b]=1` is a field named "a[b]"); a repeated field becomes an array. */
function parseForm(request: { headers: IncomingHttpHeaders }, raw: Buffer): ParsedUrlQuery {
  const charset = charsetOf(request);
  if (charset !== 'utf-8') throw unsupportedCharset(charset);
  return parseQuery(raw.toString('utf8'), '&', '=', { maxKeys: 1000 });
}
