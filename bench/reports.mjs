// `npm run bench:reports [-- --orders 1000000] [--duration 5] [--pglite-orders-per-day 120] [--reseed]`
//
// The owner's report on a large and a small restaurant, in one invocation. Not a test: nothing asserts.
// - PostgreSQL: the history database of `npm run bench:history` (N past orders over two years, 1M by default,
//   seeded through SQL by seed-orders.ts and kept between runs), GET /api/reports for one day, a week, 30 days
//   and a year, and the 30-day .xlsx; one connection (an owner) for --duration seconds each, p50/p99.
// - PGlite (the embedded default): a small restaurant's year (--pglite-orders-per-day, 120 by default), seeded
//   through SQL into the app's own data directory, the same requests.
// Goal (issue 18): the 30-day report within 500 ms on PostgreSQL with a million orders, and the same on PGlite
// for a small restaurant's year.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { dayIn as dayInZone, historyDatabase } from './history-db.mjs';
import { appEnv, load, nodeFlagsOf, startProcess, summarize, waitForHttp } from './lib.mjs';
import { seedOrders } from './seed-orders.ts';

const ROOT = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const N = arg('--orders', 1_000_000);
const DURATION = arg('--duration', 5);
const PER_DAY = arg('--pglite-orders-per-day', 120);
const TZ = 'America/Los_Angeles';
const PORT = 3951;
const TOKEN = 'bench-reports-admin-token-0123456789';
const headers = { authorization: `Bearer ${TOKEN}` };
const dayIn = (offset) => dayInZone(TZ, offset);

async function startApi(extra) {
  const prefix = `ros_bench_rep_${randomBytes(3).toString('hex')}`;
  const env = appEnv({
    databaseUrl: '',
    prefix,
    port: PORT,
    adminToken: TOKEN,
    extra: { RESTAURANT_TIMEZONE: TZ, LOG_LEVEL: 'warn', ...extra },
  });
  const api = startProcess('api', join(ROOT, 'dist/main.js'), env, nodeFlagsOf('start:prod'));
  await waitForHttp(`http://127.0.0.1:${PORT}/health`, 180_000);
  return api;
}

/** Each report request in turn: one connection for DURATION seconds, after one request to warm it. */
async function measure(database) {
  const base = `http://127.0.0.1:${PORT}`;
  const requests = [
    ['yesterday (per hour)', '/api/reports?period=yesterday'],
    ['last 7 days', `/api/reports?from=${dayIn(-7)}&to=${dayIn(-1)}`],
    ['last 30 days', `/api/reports?from=${dayIn(-30)}&to=${dayIn(-1)}`],
    ['last 30 days, .xlsx', `/api/reports/workbook?from=${dayIn(-30)}&to=${dayIn(-1)}`],
    ['a year (365 days)', `/api/reports?from=${dayIn(-365)}&to=${dayIn(-1)}`],
  ];
  const rows = [];
  for (const [what, path] of requests) {
    const probe = await fetch(`${base}${path}`, { headers });
    const body = await probe.arrayBuffer();
    const orders = path.includes('workbook') ? '' : JSON.parse(Buffer.from(body).toString()).totals?.orders;
    const s = summarize(await load({ url: `${base}${path}`, connections: 1, duration: DURATION, method: 'GET', headers }));
    rows.push({ database, report: what, orders, 'p50 ms': s.p50Ms, 'p99 ms': s.p99Ms, errors: s.errors + (probe.status === 200 ? 0 : 1) });
  }
  return rows;
}

async function postgres() {
  const history = await historyDatabase({ orders: N, timezone: TZ, reseed: args.includes('--reseed') });
  const api = await startApi({ DATABASE_URL: history.url });
  try {
    return await measure(`PostgreSQL, ${N.toLocaleString('en-US')} orders`);
  } finally {
    await api.stop();
  }
}

async function pglite() {
  const dataDir = join(os.tmpdir(), `ros_bench_rep_pglite_${randomBytes(3).toString('hex')}`);
  const orders = PER_DAY * 365;
  try {
    // The app migrates its data directory when it starts; then the year goes in through SQL while it is stopped.
    await (await startApi({ DATABASE_URL: '', DATA_DIR: dataDir })).stop();
    const db = await PGlite.create(join(dataDir, 'pglite'), { extensions: { pg_trgm } });
    await seedOrders((sql, params) => db.query(sql, params), { orders, days: 365, lastDay: dayIn(-1), timezone: TZ, batch: 20_000 });
    await db.exec('VACUUM ANALYZE');
    await db.close();
    const api = await startApi({ DATABASE_URL: '', DATA_DIR: dataDir });
    try {
      return await measure(`PGlite, ${orders.toLocaleString('en-US')} orders (a year)`);
    } finally {
      await api.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const rows = [...(await postgres()), ...(await pglite())];
  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
  console.log(`\nSales reports, one connection, ${DURATION} s each (${machine}); goal: 30 days within 500 ms`);
  console.table(rows);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
