import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The Node that runs the API and worker processes under test: APP_NODE when set (`.ci/run` sets the machine's
 * own Node 20 while Jest itself runs on Node 24, see README "Node versions"), else the Node running Jest.
 */
export const APP_NODE = process.env.APP_NODE || process.execPath;

export interface AppProcess {
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  alive: () => boolean;
  /** For the API: where it listens. */
  url: string;
  port: number;
}

/**
 * Starts `src/main.ts` (the HTTP API) as its own OS process, the way `npm start` runs `dist/main.js`, compiled
 * on the fly by SWC (EXPORT_TEST_USE_DIST=1 runs dist/ instead), and resolves once it listens. The caller
 * may pick the port (`PORT`, see `freePort`) so a restarted API comes back where its clients expect it.
 */
export async function startApi(env: Record<string, string>, timeoutMs = 90_000): Promise<AppProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  return startTs('main.ts', { ...env, PORT: String(port) }, 'Restaurant ordering system is up', timeoutMs, port);
}

/** Starts `src/worker.ts` (the export worker) and resolves once it consumes. */
export function startExportWorker(env: Record<string, string>, timeoutMs = 90_000): Promise<AppProcess> {
  return startTs('worker.ts', env, 'Export worker is up', timeoutMs);
}

async function startTs(entry: string, env: Record<string, string>, ready: string, timeoutMs: number, port = 0): Promise<AppProcess> {
  const dist = join(ROOT, 'dist', entry.replace(/\.ts$/, '.js'));
  const args =
    process.env.EXPORT_TEST_USE_DIST === '1' && existsSync(dist)
      ? [dist]
      : ['--import', '@swc-node/register/esm-register', join(ROOT, 'src', entry)];
  const child = spawn(APP_NODE, args, {
    cwd: ROOT,
    // Load and fault tests place orders by the thousand within minutes; slot capacity is the order-ahead tests' subject.
    env: { ...process.env, NODE_OPTIONS: '', SLOT_CAPACITY_PICKUP: '1000000', SLOT_CAPACITY_DELIVERY: '1000000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const deadline = Date.now() + timeoutMs;
  while (!out.includes(ready)) {
    if (!alive()) throw new Error(`${entry} exited early:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${entry} did not start within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, output: () => out, exited, alive, url: `http://127.0.0.1:${port}`, port };
}

/** SIGTERM, then the exit code and how long the process took to exit. */
export async function stopProcess(p: {
  child: ChildProcess;
  exited: Promise<number | null>;
}): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  if (p.child.exitCode !== null || p.child.signalCode !== null) return { code: p.child.exitCode, ms: 0 };
  p.child.kill('SIGTERM');
  const code = await p.exited;
  return { code, ms: Date.now() - started };
}

/** SIGKILL (no chance to clean up) and wait until the process is gone. */
export async function killHard(p: AppProcess): Promise<void> {
  if (p.alive()) p.child.kill('SIGKILL');
  await p.exited;
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
