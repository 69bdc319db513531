import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { IncomingMessage } from 'node:http';

/*
 * A path with a %-escape that does not decode (`/api/orders/%FF`). Fastify's router refuses it before any hook
 * runs, with a body of its own and without the request id, the log line or the security headers; the API
 * answered it as any other request: a JSON 404 when no route matches, a 400 naming the parameter when one does.
 * `frameworkErrors` could not keep that (it runs before routing, so it cannot tell the two apart), hence these
 * two small steps, which cost ordinary requests one `indexOf`.
 */

const UNDECODABLE = Symbol('undecodablePathSegment');
type MarkedRequest = IncomingMessage & { [UNDECODABLE]?: string };

/**
 * Fastify's `rewriteUrl`: the segment that does not decode is routed taken literally ('%' as '%25'), and
 * remembered. `request.originalUrl` keeps the path as sent (logs, "Cannot GET ...").
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

/** On routes with parameters only: a 400 for a parameter that does not decode (Nest maps the http-errors shape). */
export function refuseUndecodableParams(fastify: FastifyInstance): void {
  const refuse = (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    const segment = (request.raw as MarkedRequest)[UNDECODABLE];
    if (segment === undefined) return done();
    done(Object.assign(new URIError(`Failed to decode param '${segment}'`), { status: 400, statusCode: 400, expose: true }));
  };
  fastify.addHook('onRoute', (route) => {
    if (route.url.includes(':')) route.onRequest = [...[route.onRequest ?? []].flat(), refuse] as RouteOptions['onRequest'];
  });
}
