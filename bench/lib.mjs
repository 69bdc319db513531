// Helpers shared by the benchmarks: processes, databases, load, tables. Loopback only; everything stops by itself.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function createDatabase(prefix = 'ros_bench') {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

export async function dropDatabase(name) {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

/**
 * The node flags an npm script starts a script with (`"start:prod": "node --flag dist/main.js"` gives
 * ['--flag']): the benchmark runs the API and the worker exactly as production does.
 */
export function nodeFlagsOf(scriptName) {
  const command = JSON.parse(readFileSync('package.json', 'utf8')).scripts[scriptName];
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`package.json script ${scriptName} does not start with node: ${command}`);
  return words.slice(1).filter((w) => w.startsWith('--'));
}

/** Starts a node process; the tail of its output is kept in `log` (shown when it dies unexpectedly). */
export function startProcess(name, script, env, args = []) {
  const child = spawn(process.execPath, [...args, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  // Only the tail is kept (shown if the process dies): the API logs a line per request, and hoarding them
  // all would grow the heap of this process, which also runs the load generator.
  const log = [];
  let kept = 0;
  const keep = (d) => {
    log.push(d.toString());
    kept += log[log.length - 1].length;
    while (kept > 64 * 1024 && log.length > 1) kept -= log.shift().length;
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('exit', (code, signal) => {
    if (!child.stopping) console.error(`[${name}] exited unexpectedly (${code ?? signal}):\n${log.join('').slice(-3000)}`);
  });
  return {
    child,
    log,
    /**
     * SIGTERM, then SIGKILL if the process is still there after 15 s (SHUTDOWN_TIMEOUT_SECONDS is 10). Resolves
     * with how it ended and how long after the signal (null if it had already exited).
     */
    async stop() {
      child.stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return null;
      let signalledAt;
      const exited = new Promise((r) =>
        child.once('exit', (code, signal) => r({ code, signal, ms: round(performance.now() - signalledAt) })),
      );
      signalledAt = performance.now();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
      const ended = await exited;
      clearTimeout(timer);
      return ended;
    },
  };
}

export async function waitForHttp(url, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The production default, set explicitly: the shutdown rows are measured against it. */
export const SHUTDOWN_TIMEOUT_SECONDS = 10;
/** The staff sign-in the benchmark reads the board's live stream with. */
/** The development start's staff account (the bench's app runs in development, which creates it). */
export const DASHBOARD = { user: 'staff', password: 'staff-password' };

/**
 * The environment the API and worker run with in a benchmark: development stage (mock adapters) on the given
 * PostgreSQL database and the machine's Redis under a private prefix, with no rate limit in the way.
 */
export function appEnv({ databaseUrl, prefix, port, adminToken, extra = {} }) {
  return {
    ENV_MODE: 'development',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    RUN_WORKER: 'false',
    PORT: String(port),
    ADMIN_API_TOKEN: adminToken,
    THROTTLE_LIMIT: '100000000',
    OPENING_HOURS: '24/7',
    // A kitchen that takes thousands of orders a second: every order still books its slot (one row per slot).
    SLOT_CAPACITY_PICKUP: '1000000',
    SLOT_CAPACITY_DELIVERY: '1000000',
    DATA_DIR: join(os.tmpdir(), prefix),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    SHUTDOWN_TIMEOUT_SECONDS: String(SHUTDOWN_TIMEOUT_SECONDS),
    DASHBOARD_SESSION_SECRET: 'bench-dashboard-session-secret-0123456789abcdef',
    ...extra,
  };
}

/** Who orders, and how, in every intake measurement: a cash pickup. */
const BENCH_CUSTOMER = { customerName: 'Bench Customer', customerPhone: '+12065550142', fulfillment: 'pickup', paymentMethod: 'cash' };

/** The order every intake measurement sends (a cash pickup of two dishes) and its headers, from the app's menu. */
export function intakeRequest(menu) {
  const body = JSON.stringify({
    ...BENCH_CUSTOMER,
    items: [
      { menuItemId: menu[0].id, quantity: 2, notes: 'no onions' },
      { menuItemId: menu[10].id, quantity: 1 },
    ],
  });
  return { body, headers: { 'content-type': 'application/json', 'idempotency-key': 'bench-[<id>]' } };
}

/**
 * An order of three lines carrying five options in all (a large pizza with two toppings, a salad with its dressing, a
 * bottled drink), so the bench shows what checking, pricing and storing options costs per order; `withOptions:
 * false` sends the same three lines with none (their required groups then take their defaults).
 */
export function optionsIntakeRequest(menu, { withOptions = true } = {}) {
  const dish = (name) => {
    const found = menu.find((m) => m.name === name);
    if (!found) throw new Error(`The demo menu has no ${name}`);
    return found;
  };
  const option = (d, group, name) => {
    const found = d.optionGroups.find((g) => g.name === group)?.options.find((o) => o.name === name);
    if (!found) throw new Error(`${d.name} has no ${group} option ${name}`);
    return found.id;
  };
  const pizza = dish('Margherita Pizza');
  const salad = dish('Caesar Salad');
  const drink = dish('Coca-Cola');
  const { headers } = intakeRequest(menu);
  const chosen = (ids) => (withOptions ? { options: ids } : {});
  const body = JSON.stringify({
    ...BENCH_CUSTOMER,
    items: [
      {
        menuItemId: pizza.id,
        quantity: 2,
        ...chosen([option(pizza, 'Size', 'Large'), option(pizza, 'Toppings', 'Extra cheese'), option(pizza, 'Toppings', 'Mushrooms')]),
        notes: 'no onions',
      },
      { menuItemId: salad.id, quantity: 1, ...chosen([option(salad, 'Dressing', 'Ranch')]) },
      { menuItemId: drink.id, quantity: 1, ...chosen([option(drink, 'Size', 'Bottle')]) },
    ],
  });
  return { body, headers };
}

/** Peak resident set size (VmHWM) of a process, in MB; Linux only. */
export function peakRssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

/** Fixed-duration load with N connections; every request gets a unique [<id>] (idempotency keys). */
export function load({ url, connections, duration, method = 'POST', headers = {}, body }) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration, method, headers, body, idReplacement: true, timeout: 10 }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
}

/**
 * One autocannon round: throughput counts successful (2xx) responses only, and its latency percentiles are of
 * those (autocannon records no others); everything else (a non-2xx answer, a connection error or a timeout,
 * which autocannon also counts as an error) is in `errors`.
 */
export function summarize(result) {
  return {
    responses: result.requests.total,
    ok: result['2xx'],
    okPerSec: Math.round(result['2xx'] / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.non2xx + result.errors,
  };
}

/** Latency percentiles of sequential calls made by `fn` (for webhook round trips). */
export async function timeCalls(count, fn) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { calls: count, ...percentiles(times) };
}

/** p50, p99 and the largest of durations in ms (null each when there are none). */
export function percentiles(durations) {
  const times = [...durations].sort((a, b) => a - b);
  if (times.length === 0) return { p50Ms: null, p99Ms: null, maxMs: null };
  const pick = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  return { p50Ms: round(pick(50)), p99Ms: round(pick(99)), maxMs: round(times[times.length - 1]) };
}

export const round = (n, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
