// `npm run bench:history [-- --orders 1000000 | --five-million] [--duration 5] [--reseed]`
//
// A restaurant's third year: every staff query and order intake on PostgreSQL holding N past orders (1M by default,
// 5M with --five-million), against the same app on an empty database, in one invocation. Not a test: nothing asserts.
// - The history database is kept between runs (`ros_bench_history_<N>` on 127.0.0.1:5432): migrated by the app's own
//   migrations, seeded through SQL by bench/seed-orders.ts (two years, ending yesterday), and a few old orders given
//   a name no recent order has ("Grace Hopper"), so a search must find them far back.
// - Each staff query: 8 connections for --duration seconds (autocannon), p50/p99 of the answers.
// - Intake: POST /api/orders (the bench's two-line pickup, an Idempotency-Key on each) at 32 connections for 10 s,
//   after 3 s of warm-up, on the empty database and on the history one.
import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { staffCookie } from './dashboard.mjs';
import {
  appEnv,
  createDatabase,
  dropDatabase,
  intakeRequest,
  load,
  nodeFlagsOf,
  round,
  startProcess,
  summarize,
  waitForHttp,
} from './lib.mjs';
import { dayIn as dayInZone, historyDatabase } from './history-db.mjs';

const ROOT = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const N = args.includes('--five-million') ? 5_000_000 : arg('--orders', 1_000_000);
const DURATION = arg('--duration', 5);
const RESEED = args.includes('--reseed');
const TZ = 'America/Los_Angeles';
const PORT = 3950;
const TOKEN = 'bench-history-admin-token-0123456789';
const admin = { authorization: `Bearer ${TOKEN}` };

const dayIn = (offsetDays) => dayInZone(TZ, offsetDays);

async function startApi(databaseUrl) {
  const prefix = `ros_bench_hist_${randomBytes(3).toString('hex')}`;
  const env = appEnv({ databaseUrl, prefix, port: PORT, adminToken: TOKEN, extra: { RESTAURANT_TIMEZONE: TZ, LOG_LEVEL: 'warn' } });
  const api = startProcess('api', join(ROOT, 'dist/main.js'), env, nodeFlagsOf('start:prod'));
  await waitForHttp(`http://127.0.0.1:${PORT}/health`, 180_000);
  return api;
}

async function intake(base) {
  const menu = await (await fetch(`${base}/api/menu`)).json();
  const { body, headers } = intakeRequest(menu);
  await load({ url: `${base}/api/orders`, connections: 32, duration: 3, headers, body });
  return summarize(await load({ url: `${base}/api/orders`, connections: 32, duration: 10, headers, body }));
}

async function staffQueries(base, sample) {
  const cookie = await staffCookie(base);
  const today = dayIn(0);
  const monthAgo = dayIn(-29);
  const queries = [
    ['list: newest 20', '/api/orders?limit=20', admin],
    ['list: cancelled', '/api/orders?limit=20&status=cancelled', admin],
    ['list: phone orders', '/api/orders?limit=20&channel=voice', admin],
    ['list: one day, long ago', `/api/orders?limit=20&from=${sample.old_day}&to=${sample.old_day}`, admin],
    ['search: phone with recent orders', `/api/orders?limit=20&q=${encodeURIComponent(sample.recent_phone)}`, admin],
    ['search: name only long ago (Grace)', '/api/orders?limit=20&q=Grace', admin],
    ['search: no match at all', '/api/orders?limit=20&q=Nobody%20Atall', admin],
    ['search: part of an address', `/api/orders?limit=20&q=${encodeURIComponent(sample.street ?? 'Main')}`, admin],
    ['search: an old order number', `/api/orders?limit=20&q=${sample.old_number}`, admin],
    ['order detail (old order)', `/api/orders/${sample.old_id}`, admin],
    ['call record (old call)', `/api/calls/${encodeURIComponent(sample.old_call)}`, admin],
    ['export status (reconciler backlog)', '/api/exports/status', admin],
    ['dashboard board (today)', `/dashboard/api/orders?date=${today}`, { cookie }],
    ['dashboard search (Grace)', '/dashboard/api/orders?date=any&q=Grace', { cookie }],
    ['report: last 30 days', `/api/reports?from=${monthAgo}&to=${today}`, admin],
  ];
  const rows = [];
  for (const [what, path, headers] of queries) {
    const probe = await fetch(`${base}${path}`, { headers });
    await probe.arrayBuffer();
    if (probe.status !== 200) {
      rows.push({ query: what, status: probe.status });
      continue;
    }
    const r = await load({ url: `${base}${path}`, connections: 8, duration: DURATION, method: 'GET', headers });
    const s = summarize(r);
    rows.push({ query: what, 'p50 ms': s.p50Ms, 'p99 ms': s.p99Ms, 'req/s': s.okPerSec, errors: s.errors });
  }
  return rows;
}

async function main() {
  const base = `http://127.0.0.1:${PORT}`;
  const history = await historyDatabase({ orders: N, timezone: TZ, reseed: RESEED });

  // Intake alternates between the two databases, twice, so the machine's drift weighs on both alike.
  const empty = await createDatabase('ros_bench_hist_empty');
  const emptyRuns = [];
  const historyRuns = [];
  let queries = [];
  for (let round = 0; round < 2; round++) {
    let api = await startApi(empty.url);
    emptyRuns.push(await intake(base));
    await api.stop();
    api = await startApi(history.url);
    if (round === 0) queries = await staffQueries(base, history.sample);
    historyRuns.push(await intake(base));
    await api.stop();
  }
  await dropDatabase(empty.name);
  const mean = (runs, key) => Math.round(runs.reduce((sum, r) => sum + r[key], 0) / runs.length);
  const emptyIntake = {
    okPerSec: mean(emptyRuns, 'okPerSec'),
    p50Ms: mean(emptyRuns, 'p50Ms'),
    p99Ms: mean(emptyRuns, 'p99Ms'),
    errors: mean(emptyRuns, 'errors'),
  };
  const historyIntake = {
    okPerSec: mean(historyRuns, 'okPerSec'),
    p50Ms: mean(historyRuns, 'p50Ms'),
    p99Ms: mean(historyRuns, 'p99Ms'),
    errors: mean(historyRuns, 'errors'),
  };

  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
  console.log(`\nStaff queries with ${N.toLocaleString('en-US')} past orders on PostgreSQL (${machine})`);
  console.table(queries);
  const intakeRows = [
    {
      database: 'empty',
      'orders/s': emptyIntake.okPerSec,
      'p50 ms': emptyIntake.p50Ms,
      'p99 ms': emptyIntake.p99Ms,
      errors: emptyIntake.errors,
    },
    {
      database: `${N.toLocaleString('en-US')} orders`,
      'orders/s': historyIntake.okPerSec,
      'p50 ms': historyIntake.p50Ms,
      'p99 ms': historyIntake.p99Ms,
      errors: historyIntake.errors,
    },
  ];
  console.log(`\nIntake, POST /api/orders at 32 connections (mean of ${emptyRuns.length} alternating runs each)`);
  console.table(intakeRows);
  console.log(`ratio: ${round(historyIntake.okPerSec / emptyIntake.okPerSec, 2)}x of the empty database`);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(
    join(ROOT, `bench/results/history-${N}.json`),
    `${JSON.stringify({ at: new Date().toISOString(), machine, orders: N, queries, intake: intakeRows }, null, 2)}\n`,
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
