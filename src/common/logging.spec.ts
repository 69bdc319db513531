import { spawn } from 'node:child_process';
import { fastify, FastifyInstance } from 'fastify';
import { join } from 'node:path';
import { AppLogger, loggableUrl, scrubbingStream } from './logging.js';

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

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('request logging', () => {
  let server: FastifyInstance;
  let lines: Array<Record<string, unknown>>;
  let url: string;
  let slowReached: { promise: Promise<void>; resolve: () => void };

  beforeEach(async () => {
    lines = [];
    const logRequest = new AppLogger({ logLevel: 'info', logFormat: 'json' }, [], {
      write: (line: string) => lines.push(JSON.parse(line)),
    }).httpLogger();
    server = fastify();
    server.addHook('onRequest', (request, reply, done) => {
      logRequest(request, reply);
      done();
    });
    server.post('/api/orders', (_request, reply) => reply.code(201).send({}));
    server.get('/boom', (_request, reply) => reply.code(500).send({}));
    server.get('/health', () => ({}));
    slowReached = deferred();
    server.get('/slow', () => {
      slowReached.resolve();
      return new Promise(() => undefined); // never answers: the client gives up
    });
    url = await server.listen({ port: 0, host: '127.0.0.1' });
  });

  afterEach(async () => {
    server.server.closeAllConnections();
    await server.close();
  });

  /** Waits (generously) until some line matches; a line that never comes fails the test with what was seen. */
  const waitForLine = async (match: (line: Record<string, unknown>) => boolean) => {
    for (let i = 0; i < 500; i++) {
      const line = lines.find(match);
      if (line) return line;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no such log line; seen: ${JSON.stringify(lines)}`);
  };
  const urlOf = (line: Record<string, unknown>) => (line.req as { url?: string } | undefined)?.url;

  it('writes one line per request with its id, method, url without query values, status and time', async () => {
    const res = await fetch(`${url}/api/orders?token=secret-value`, { method: 'POST', headers: { 'x-request-id': 'client-id-1' } });
    expect(res.headers.get('x-request-id')).toBe('client-id-1');
    await waitForLine((l) => urlOf(l) === '/api/orders?token=[redacted]');
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
    await res.arrayBuffer();
    await (await fetch(`${url}/health`)).arrayBuffer();
    // Control: a request sent after /health was answered, whose line arrives through the same stream. A line is
    // written as its answer is handed over (the response's 'close' right after 'finish'), so a /health line
    // would have come before this one.
    await (await fetch(`${url}/api/orders`, { method: 'POST' })).arrayBuffer();
    await waitForLine((l) => urlOf(l) === '/api/orders');
    expect(lines.map(urlOf)).toEqual(['/boom', '/api/orders']);
    expect(lines[0]).toMatchObject({ level: 50, req: { id: res.headers.get('x-request-id'), url: '/boom' }, res: { statusCode: 500 } });
  });

  it('notes a request the client abandoned before the answer', async () => {
    const controller = new AbortController();
    const pending = fetch(`${url}/slow`, { signal: controller.signal }).catch(() => undefined);
    await slowReached.promise; // the server is handling it: aborting now abandons a request in progress
    controller.abort();
    await pending;
    await waitForLine((l) => urlOf(l) === '/slow');
    expect(lines[0]).toMatchObject({ level: 40, msg: 'request aborted', req: { url: '/slow' } });
  });
});

describe('log output', () => {
  const child = (script: string) =>
    spawn(process.execPath, ['--import', '@swc-node/register/esm-register', '--input-type=module', '-e', script], {
      cwd: join(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  const logger = `import { AppLogger } from './src/common/logging.ts';
    const log = new AppLogger({ logLevel: 'info' }, []);`;

  it('reaches standard output within a fraction of a second while the process runs on', async () => {
    const proc = child(`${logger} log.log('still running', 'Test'); setInterval(() => {}, 1000);`);
    try {
      const line = await new Promise<string>((resolve, reject) => {
        proc.stdout.once('data', (d: Buffer) => resolve(d.toString()));
        proc.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      expect(JSON.parse(line)).toMatchObject({ msg: 'still running', context: 'Test' });
    } finally {
      proc.kill();
    }
  });

  it('is written out when the process exits right after logging', async () => {
    const proc = child(`${logger} for (let i = 0; i < 500; i++) log.log('line ' + i); process.exit(3);`);
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((resolve) => proc.once('close', resolve));
    expect(code).toBe(3);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).msg);
    expect(lines).toHaveLength(500);
    expect(lines[499]).toBe('line 499');
  });
});
