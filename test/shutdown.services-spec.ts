import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess, startApi, stopProcess } from './support/app-process.js';
import { createDatabase, dropDatabase } from './support/databases.js';
import { waitFor } from './support/export-helpers.js';
import { ADMIN_TOKEN } from './support/test-app.js';

jest.setTimeout(180_000);

const SHUTDOWN_TIMEOUT_SECONDS = 2;
/** A body the API refuses with a 400 (no items): any answer will do, the point is that one comes. */
const BODY = '{"customerName":"Held open"}';

/**
 * A connection that has sent a request's head and only part of its body. `Expect: 100-continue` makes the
 * server answer "100 Continue" once it has parsed the head, so the test knows the API holds the request
 * (graceful-shutdown.ts counts it in flight) without guessing how long that takes.
 */
async function heldRequest(api: AppProcess): Promise<{ socket: net.Socket; received: () => string; closed: Promise<void> }> {
  const socket = net.connect(api.port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    'POST /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(BODY)}\r\nExpect: 100-continue\r\n\r\n`,
  );
  await waitFor('the API to take the request (100 Continue)', async () => received.includes('100 Continue'), 30_000);
  socket.write(BODY.slice(0, 5)); // part of the body; the rest is up to the test
  return { socket, received: () => received, closed };
}

/** SIGTERM: in-flight requests are finished and the exit code is 0; past SHUTDOWN_TIMEOUT_SECONDS it is 1. */
describe('API shutdown on SIGTERM (src/common/graceful-shutdown.ts, a real API process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ros-data-'));
  let databaseUrl: string;
  let env: Record<string, string>;
  const started: AppProcess[] = [];

  beforeAll(async () => {
    databaseUrl = await createDatabase();
    env = {
      ENV_MODE: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      REDIS_URL: '',
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      SHUTDOWN_TIMEOUT_SECONDS: String(SHUTDOWN_TIMEOUT_SECONDS),
      OPENING_HOURS: '24/7',
    };
  });

  afterAll(async () => {
    for (const p of started) if (p.alive()) p.child.kill('SIGKILL');
    await Promise.all(started.map((p) => p.exited));
    if (databaseUrl) await dropDatabase(databaseUrl);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const signalled = (api: AppProcess) => api.output().includes('SIGTERM received: finishing in-flight work');

  it('exits 1 when a request is still open at the deadline (cut, unanswered); exits 0 when it completes in time', async () => {
    // Control first, through the same observers: the held request completes during the shutdown, is answered,
    // and the exit is clean (a generous deadline here, so only the request decides).
    const clean = await startApi({ ...env, SHUTDOWN_TIMEOUT_SECONDS: '120' });
    started.push(clean);
    const completed = await heldRequest(clean);
    const stopping = stopProcess(clean);
    await waitFor('the API to start shutting down', async () => signalled(clean), 30_000);
    completed.socket.write(BODY.slice(5));
    await waitFor('the answer', async () => /HTTP\/1\.1 400/.test(completed.received()), 30_000);
    expect((await stopping).code).toBe(0);
    expect(clean.output()).toContain('Shut down cleanly');
    completed.socket.destroy();

    // The same request whose body never completes: the deadline passes, the connection is cut, exit code 1.
    const forced = await startApi(env);
    started.push(forced);
    const open = await heldRequest(forced);
    const { code } = await stopProcess(forced);
    expect(code).toBe(1);
    expect(forced.output()).toContain(`Shutdown took longer than ${SHUTDOWN_TIMEOUT_SECONDS} s; closing the remaining connections`);
    expect(forced.output()).not.toContain('Shut down cleanly');
    await open.closed; // the API cut the connection...
    expect(open.received()).not.toMatch(/HTTP\/1\.1 [2-5]\d\d/); // ...without an answer
  });
});
