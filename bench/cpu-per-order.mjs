// `node bench/cpu-per-order.mjs` (after `npm run build`): the API and one worker on a fresh database under the
// bench's intake load (32 connections), and the CPU each process on the machine spent per order over 8 s
// (utime + stime from /proc/<pid>/stat), printed as one JSON line. An order is a 2xx response: CPU is divided by
// those alone, and every other outcome (non-2xx, connection error, timeout) is reported as `errors`, so a run
// whose requests fail cheaply cannot look cheaper per order. ROOT=<another checkout> runs that checkout's
// dist/ instead, so two builds can be measured in interleaved runs (the machine drifts from minute to minute).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appEnv, createDatabase, dropDatabase, intakeRequest, load, nodeFlagsOf, startProcess, summarize, waitForHttp } from './lib.mjs';

const PORT = 3100;
const SECONDS = 8;
const root = process.env.ROOT ?? '.';
const db = await createDatabase();
const env = appEnv({
  databaseUrl: db.url,
  prefix: `cpu-${Date.now().toString(36)}`,
  port: PORT,
  adminToken: 'bench-admin-token-0123456789abcdef',
});
const api = startProcess('api', join(root, 'dist/main.js'), env, nodeFlagsOf('start:prod'));
await waitForHttp(`http://127.0.0.1:${PORT}/health`);
const worker = startProcess('worker', join(root, 'dist/worker.js'), env, nodeFlagsOf('start:worker'));

/** CPU milliseconds so far of every process, summed by role: API, worker, load generator, postgres, redis, other. */
function cpuByRole() {
  const roles = new Map([
    [api.child.pid, 'API'],
    [worker.child.pid, 'worker'],
    [process.pid, 'loadgen'],
  ]);
  const out = {};
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // the process ended meanwhile
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 10 ms clock ticks
    const role = roles.get(Number(pid)) ?? (['postgres', 'redis-server'].includes(name) ? name : 'other');
    out[role] = (out[role] ?? 0) + ms;
  }
  return out;
}

const menu = await (await fetch(`http://127.0.0.1:${PORT}/api/menu`)).json();
const intake = (duration) => load({ url: `http://127.0.0.1:${PORT}/api/orders`, connections: 32, duration, ...intakeRequest(menu) });
await intake(5); // warm-up: V8 optimizes the app's code for several seconds
const before = cpuByRole();
const round = summarize(await intake(SECONDS));
const after = cpuByRole();

const orders = round.ok;
const perOrder = {};
for (const [role, ms] of Object.entries(after)) {
  const spent = ms - (before[role] ?? 0);
  if (spent > 20 && orders > 0) perOrder[role] = Number((spent / orders).toFixed(3));
}
const total = Object.values(perOrder).reduce((a, b) => a + b, 0);
console.log(
  JSON.stringify({
    orders,
    errors: round.errors,
    ordersPerSec: round.okPerSec,
    msPerOrder: { ...perOrder, total: Number(total.toFixed(3)) },
  }),
);
if (orders === 0) process.exitCode = 1;
await api.stop();
await worker.stop();
await dropDatabase(db.name);
