import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { securityHeaders } from './bootstrap.js';

/** The headers helmet itself sets on a response (without X-Powered-By, which it removes and Fastify never sends). */
function helmetHeaders(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers = new Map<string, string>([['x-powered-by', 'Express']]);
  const res = {
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  let nexted = 0;
  helmet(options)({ headers: {} } as IncomingMessage, res as unknown as ServerResponse, () => nexted++);
  expect(nexted).toBe(1);
  return Object.fromEntries(headers);
}

/** The headers the precomputed hook step puts on a Fastify reply. */
function precomputedHeaders(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers = new Map<string, string>();
  const reply = { header: (name: string, value: unknown) => (headers.set(name.toLowerCase(), String(value)), reply) };
  securityHeaders(options ?? {})(reply as never);
  return Object.fromEntries(headers);
}

describe('securityHeaders', () => {
  it.each([{ hsts: false }, {}])('sets exactly what helmet(%j) sets on each request', (options) => {
    const precomputed = precomputedHeaders(options);
    expect(precomputed).toEqual(helmetHeaders(options));
    expect(precomputed['content-security-policy']).toContain("default-src 'self'");
    expect('strict-transport-security' in precomputed).toBe(options.hsts !== false);
  });
});
