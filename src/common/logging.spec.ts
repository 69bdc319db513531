import type { ConfigService } from '@nestjs/config';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppLogger, loggableUrl, scrubbingStream } from './logging';

describe('logging', () => {
  it('keeps query parameter names but never their values', () => {
    expect(loggableUrl('/api/orders')).toBe('/api/orders');
    expect(loggableUrl('/api/menu?token=abc&q=Grace%20Hopper&flag')).toBe('/api/menu?token=[redacted]&q=[redacted]&flag=[redacted]');
  });

  it('replaces every configured secret wherever it appears in a line, longest first', () => {
    const lines: string[] = [];
    const stream = scrubbingStream(['token-0123456789', 'token-0123456789-longer'], { write: (l: string) => lines.push(l) });
    stream.write('{"url":"/api/orders/token-0123456789-longer","msg":"bad id token-0123456789 and token-0123456789"}\n');
    expect(lines).toEqual(['{"url":"/api/orders/[redacted]","msg":"bad id [redacted] and [redacted]"}\n']);
  });
});

describe('request logging', () => {
  const config = { getOrThrow: () => ({ logLevel: 'info' }), get: () => undefined } as unknown as ConfigService;
  let server: Server;
  let lines: Array<Record<string, any>>;
  let write: jest.SpyInstance;
  let url: string;

  beforeEach(async () => {
    lines = [];
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(JSON.parse(String(chunk)));
      return true;
    });
    const middleware = new AppLogger(config).httpLogger();
    server = createServer((req, res) =>
      middleware(req, res, () => {
        if (req.url === '/slow') return; // never answers: the client gives up
        res.statusCode = req.url === '/boom' ? 500 : 201;
        res.end('{}');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    write.mockRestore();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const waitForLines = async (n: number) => {
    for (let i = 0; i < 100 && lines.length < n; i++) await new Promise((r) => setTimeout(r, 10));
  };

  it('writes one line per request with its id, method, url without query values, status and time', async () => {
    const res = await fetch(`${url}/api/orders?token=secret-value`, { method: 'POST', headers: { 'x-request-id': 'client-id-1' } });
    expect(res.headers.get('x-request-id')).toBe('client-id-1');
    await waitForLines(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: 'client-id-1', method: 'POST', url: '/api/orders?token=[redacted]' },
      res: { statusCode: 201 },
    });
    expect(typeof lines[0].responseTime).toBe('number');
  });

  it('replaces an unusable request id, logs server errors at error level and skips /health', async () => {
    const res = await fetch(`${url}/boom`, { headers: { 'x-request-id': 'not ok; spaces' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await fetch(`${url}/health`);
    await waitForLines(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, req: { id: res.headers.get('x-request-id'), url: '/boom' }, res: { statusCode: 500 } });
  });

  it('notes a request the client abandoned before the answer', async () => {
    const controller = new AbortController();
    const pending = fetch(`${url}/slow`, { signal: controller.signal }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await pending;
    await waitForLines(1);
    expect(lines[0]).toMatchObject({ level: 40, msg: 'request aborted', req: { url: '/slow' } });
  });
});
