import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface AppProcess {
  child: ChildProcess;
  url: string;
  port: number;
  output: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** A port nobody listens on right now (the OS picks it; released before the app binds it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts `src/main.ts` as its own OS process, the way `npm start` runs `dist/main.js` (ts-node compiles on the
 * fly so the suite needs no build; EXPORT_TEST_USE_DIST=1 runs dist/ instead), and resolves once it listens.
 */
export async function startApi(env: Record<string, string>, timeoutMs = 90_000): Promise<AppProcess> {
  const port = await freePort();
  const useDist = process.env.EXPORT_TEST_USE_DIST === '1' && existsSync(join(ROOT, 'dist', 'main.js'));
  const args = useDist
    ? [join(ROOT, 'dist', 'main.js')]
    : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(ROOT, 'src', 'main.ts')];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  while (!out.includes('Restaurant ordering system is up')) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`API exited early:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`API did not start within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, url: `http://127.0.0.1:${port}`, port, output: () => out, exited };
}

/** SIGTERM, then the exit code and how long the process took to exit. */
export async function stopProcess(p: { child: ChildProcess; exited: Promise<number | null> }): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  if (p.child.exitCode !== null || p.child.signalCode !== null) return { code: p.child.exitCode, ms: 0 };
  p.child.kill('SIGTERM');
  const code = await p.exited;
  return { code, ms: Date.now() - started };
}
