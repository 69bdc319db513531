import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { securityHeaders } from './bootstrap';

/** Headers a middleware leaves on a response that already carries X-Powered-By. */
function headersAfter(middleware: (req: IncomingMessage, res: ServerResponse, next: () => void) => void): Record<string, string> {
  const headers = new Map<string, string>([['x-powered-by', 'Express']]);
  const res = {
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  let nexted = 0;
  middleware({ headers: {} } as IncomingMessage, res as unknown as ServerResponse, () => nexted++);
  expect(nexted).toBe(1);
  return Object.fromEntries(headers);
}

describe('securityHeaders', () => {
  it.each([{ hsts: false }, {}])('sets exactly what helmet(%j) sets on each request', (options) => {
    const precomputed = headersAfter(securityHeaders(options));
    expect(precomputed).toEqual(headersAfter(helmet(options)));
    expect(precomputed['content-security-policy']).toContain("default-src 'self'");
    expect(precomputed['x-powered-by']).toBeUndefined();
    expect('strict-transport-security' in precomputed).toBe(options.hsts !== false);
  });
});
