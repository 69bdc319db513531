import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';

/**
 * The dashboard's redirects, answered as Express's `res.redirect` did: Location, `Vary: Accept` and a short
 * body in whichever of plain text and HTML the client's Accept prefers (none when it takes neither).
 */
export function redirect(request: FastifyRequest, reply: FastifyReply, status: number, location: string): void {
  const message = `${STATUS_CODES[status]}. Redirecting to ${location}`;
  const type = preferredRedirectType(request.headers.accept);
  const vary = reply.getHeader('vary');
  reply.header('Vary', vary ? `${String(vary)}, Accept` : 'Accept');
  reply.code(status).header('Location', location);
  if (type === null) {
    reply.send();
    return;
  }
  reply.type(`${type}; charset=utf-8`).send(type === 'text/html' ? `<p>${escapeHtml(message)}</p>` : message);
}

const CANDIDATES = [
  { type: 'text', subtype: 'plain' },
  { type: 'text', subtype: 'html' },
] as const;

/** negotiator's choice between text/plain and text/html (Express's `req.accepts(['text', 'html'])`). */
function preferredRedirectType(accept: string | undefined): 'text/plain' | 'text/html' | null {
  if (!accept) return 'text/plain';
  const ranges = accept.split(',').flatMap((entry, order) => {
    const match = /^\s*([^\s/;]+)\/([^;\s]+)\s*(?:;(.*))?$/.exec(entry);
    if (!match) return [];
    let q = 1;
    let otherParams = false;
    for (const param of (match[3] ?? '').split(';')) {
      const [key, value = ''] = param.split('=').map((p) => p.trim());
      if (!key) continue;
      if (key.toLowerCase() === 'q') q = parseFloat(value);
      else if (value.replace(/^"|"$/g, '') !== '*') otherParams = true;
    }
    return [{ type: match[1].toLowerCase(), subtype: match[2].toLowerCase(), q, otherParams, order }];
  });
  const ranked = CANDIDATES.map((candidate, index) => {
    let best = { q: 0, s: 0, o: -1, index };
    for (const range of ranges) {
      if (range.otherParams) continue;
      if (range.type !== candidate.type && range.type !== '*') continue;
      if (range.subtype !== candidate.subtype && range.subtype !== '*') continue;
      const s = (range.type === candidate.type ? 4 : 0) | (range.subtype === candidate.subtype ? 2 : 0);
      if ((best.s - s || best.q - range.q || best.o - range.order) < 0) best = { q: range.q, s, o: range.order, index };
    }
    return best;
  })
    .filter((p) => p.q > 0)
    .sort((a, b) => b.q - a.q || b.s - a.s || a.o - b.o || a.index - b.index);
  if (ranked.length === 0) return null;
  const { type, subtype } = CANDIDATES[ranked[0].index];
  return `${type}/${subtype}`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

export interface CookieOptions {
  path: string;
  httpOnly: boolean;
  secure: boolean;
  /** Lifetime; without it the cookie is cleared (expired in 1970). */
  maxAgeMs?: number;
}

/** A `SameSite=Strict` cookie, written attribute for attribute as Express's `res.cookie` / `res.clearCookie` did. */
export function setCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions): void {
  const parts = [`${name}=${encodeURIComponent(value)}`];
  if (options.maxAgeMs !== undefined) parts.push(`Max-Age=${Math.floor(options.maxAgeMs / 1000)}`);
  parts.push(`Path=${options.path}`);
  parts.push(`Expires=${new Date(options.maxAgeMs !== undefined ? Date.now() + options.maxAgeMs : 1).toUTCString()}`);
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  parts.push('SameSite=Strict');
  reply.header('Set-Cookie', parts.join('; '));
}
