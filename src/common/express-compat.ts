import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/*
 * Where Fastify on its own answers differently from the Express app this service ran on, and clients could tell.
 * Each piece keeps the old answer at no cost to ordinary requests.
 */

const UNDECODABLE = Symbol('undecodablePathSegment');
type MarkedRequest = IncomingMessage & { [UNDECODABLE]?: string };

/**
 * Fastify's `rewriteUrl`: a path with a %-escape that does not decode is routed with that segment taken
 * literally ('%' as '%25'), where Fastify would answer a bare 400 of its own. Express routed such a path too:
 * no route is the usual JSON 404, and a route taking the segment as a parameter is refused with a 400 by
 * `refuseUndecodableParams`. `request.originalUrl` keeps the path as sent (logs, "Cannot GET ...").
 */
export function routableUrl(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (path.indexOf('%') === -1 || decodes(path)) return url;
  let first: string | undefined;
  const escaped = path
    .split('/')
    .map((segment) => {
      if (decodes(segment)) return segment;
      first ??= segment;
      return segment.replace(/%/g, '%25');
    })
    .join('/');
  (req as MarkedRequest)[UNDECODABLE] = first;
  return q === -1 ? escaped : escaped + url.slice(q);
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/** On routes with parameters only: Express's 400 for a parameter that does not decode (Nest maps the URIError). */
export function refuseUndecodableParams(fastify: FastifyInstance): void {
  const refuse = (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    const segment = (request.raw as MarkedRequest)[UNDECODABLE];
    if (segment === undefined) return done();
    // Shaped as an http-errors error (status, statusCode, expose): Nest's adapter answers it as a 400 with its message.
    done(Object.assign(new URIError(`Failed to decode param '${segment}'`), { status: 400, statusCode: 400, expose: true }));
  };
  fastify.addHook('onRoute', (route) => {
    if (route.url.includes(':')) route.onRequest = [...[route.onRequest ?? []].flat(), refuse] as RouteOptions['onRequest'];
  });
}

/**
 * Fastify's `clientErrorHandler`, answering what Node's HTTP server itself answers to a request it cannot
 * parse (as under Express): a bare status line and `Connection: close`, where Fastify would add a JSON body.
 */
export function closeBadConnection(err: Error & { code?: string }, socket: Socket): void {
  const httpMessage = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !httpMessage?.headersSent) {
    const status =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? 431
        : err.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW'
          ? 413
          : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? 408
            : 400;
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
  }
  socket.destroy(err);
}

/**
 * The Content-Type of Swagger UI's pages and files as Express sent them: `charset=utf-8` on text and on
 * Swagger's own script, and the static files' JavaScript as text/javascript (Fastify leaves Swagger's bare
 * `text/html`, and @fastify/static's mime table says application/javascript).
 */
export function expressDocsContentTypes(fastify: FastifyInstance, prefix: string): void {
  const withCharset = (type: string) => {
    const media = type.split(';')[0].trim();
    const text = media.startsWith('text/') || media === 'application/json' || media === 'application/javascript';
    return text && !/charset=/i.test(type) ? `${type}; charset=utf-8` : type;
  };
  const fixer =
    (fix: (type: string) => string) =>
    (_request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
      const type = reply.getHeader('content-type');
      if (typeof type === 'string' && fix(type) !== type) reply.header('content-type', fix(type));
      done(null, payload);
    };
  const pages = fixer(withCharset);
  const files = fixer((type) => (type.startsWith('application/javascript') ? 'text/javascript; charset=utf-8' : type));
  fastify.addHook('onRoute', (route) => {
    if (!route.url.startsWith(prefix)) return;
    route.onSend = [...[route.onSend ?? []].flat(), route.url.includes('*') ? files : pages] as RouteOptions['onSend'];
  });
}
