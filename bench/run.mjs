#!/usr/bin/env node
// `npm run bench` (add `-- --quick` for a shorter run): starts the system on the machine's PostgreSQL and Redis
// (the API and one export worker as separate processes) and measures, in one run, against a floor that runs
// in the same run: order intake, export lag, how soon an order reaches the staff dashboard's live stream, voice
// webhook latency and how long each process takes to exit on SIGTERM. Prints one table and writes the results
// to bench/results/latest.json (committed: the README's benchmark tables are generated from it, which this run
// also does) and to bench/results/bench-<time>.json (kept locally only). Traffic goes to 127.0.0.1 only; every
// load is bounded in time.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import {
  appEnv,
  createDatabase,
  dropDatabase,
  load,
  nodeFlagsOf,
  peakRssMb,
  REDIS_URL,
  round,
  SHUTDOWN_TIMEOUT_SECONDS,
  sleep,
  startProcess,
  summarize,
  timeCalls,
  intakeRequest,
  optionsIntakeRequest,
  waitForHttp,
} from './lib.mjs';
import { openBoardStream, staffCookie, timeOrdersToBoard } from './dashboard.mjs';
import { writeReadmeTables } from './readme-tables.mjs';
import { stopIdle, stopUnderLoad, stopWithBoardOpen } from './shutdown.mjs';
import { benchHeading, benchRows, printTable } from './tables.mjs';

const quick = process.argv.includes('--quick');
const INTAKE_SECONDS = quick ? 5 : 10;
/** Both sides get the same warm-up at full load first: V8 keeps optimizing the app's code for several seconds. */
const WARM_SECONDS = quick ? 3 : 5;
const CONNECTIONS = 32;
const APP_PORT = 3100;
const APP_URL = `http://127.0.0.1:${APP_PORT}`;
const FLOOR_PORT = 3101;
const ADMIN = 'bench-admin-token-0123456789abcdef';
const VAPI_SECRET = 'bench-vapi-secret';
const VOICE_CALLS = quick ? 100 : 300;
const EXPORT_BENCH_ORDERS = quick ? 2000 : 10000;
/** Orders placed one at a time on the otherwise idle API, each timed until the board's stream shows it. */
const BOARD_ORDERS = quick ? 50 : 100;
/** The load an API is stopped under: clients posting orders back to back, signalled after this long. */
const STOP_LOAD = { connections: 16, loadMs: quick ? 1000 : 2000 };

if (!existsSync('dist/main.js')) throw new Error('Run `npm run build` first (npm run bench does).');

const db = await createDatabase();
const prefix = `bench-${Date.now().toString(36)}`;
const hasWorker = existsSync('dist/worker.js');
const env = appEnv({ databaseUrl: db.url, prefix, port: APP_PORT, adminToken: ADMIN, extra: { VAPI_SECRET } });
const processes = [];
const results = { machine: machine(), quick, startedAt: new Date().toISOString(), sections: {} };

try {
  const startApi = async () => {
    const proc = startProcess('api', 'dist/main.js', env, nodeFlagsOf('start:prod'));
    processes.push(proc);
    await waitForHttp(`${APP_URL}/health`);
    return proc;
  };
  const api = await startApi();
  const worker = hasWorker ? startProcess('worker', 'dist/worker.js', env, nodeFlagsOf('start:worker')) : null;
  if (worker) processes.push(worker);

  const menu = await (await fetch(`http://127.0.0.1:${APP_PORT}/api/menu`)).json();
  const { body, headers } = intakeRequest(menu);

  const intake = (port, seconds = INTAKE_SECONDS, orderBody = body) =>
    load({ url: `http://127.0.0.1:${port}/api/orders`, connections: CONNECTIONS, duration: seconds, headers, body: orderBody });
  // The warm-up is at full load, so the board's stream is timed under it there (the rounds after are measured).
  const boardUnderLoad = await timeToBoard({ body, until: performance.now() + WARM_SECONDS * 1000 }, () => intake(APP_PORT, WARM_SECONDS));
  if (worker) await measureExport(db.url, Date.now(), worker);

  // Rounds in the order app, floor, floor, app: drift in what else the machine does (the two cores are shared
  // with PostgreSQL, Redis and the load generator, and a VM's neighbours) weighs on both sides alike.
  const appRuns = [];
  const floorRuns = [];
  appRuns.push(summarize(await intake(APP_PORT)));
  const burstEndedAt = Date.now();
  const exportSection = worker ? await measureExport(db.url, burstEndedAt, worker) : null;

  const floor = startProcess('floor', 'bench/floor-server.mjs', { DATABASE_URL: db.url, REDIS_URL, PORT: String(FLOOR_PORT) });
  processes.push(floor);
  await sleep(1500);
  await intake(FLOOR_PORT, WARM_SECONDS);
  floorRuns.push(summarize(await intake(FLOOR_PORT)));
  floorRuns.push(summarize(await intake(FLOOR_PORT)));
  if (worker) await measureExport(db.url, Date.now(), worker);
  appRuns.push(summarize(await intake(APP_PORT)));
  const app = combine(appRuns);
  const floorResult = combine(floorRuns);

  // Orders with options against the plain body, and against the same three lines without options (what the third
  // line costs apart from its options). Rounds: plain (the round above), options, three lines, three lines,
  // options, plain, so drift weighs on each alike.
  const optionsBody = optionsIntakeRequest(menu).body;
  const threeLinesBody = optionsIntakeRequest(menu, { withOptions: false }).body;
  const optionRuns = [summarize(await intake(APP_PORT, INTAKE_SECONDS, optionsBody))];
  const threeLineRuns = [summarize(await intake(APP_PORT, INTAKE_SECONDS, threeLinesBody))];
  threeLineRuns.push(summarize(await intake(APP_PORT, INTAKE_SECONDS, threeLinesBody)));
  optionRuns.push(summarize(await intake(APP_PORT, INTAKE_SECONDS, optionsBody)));
  const plainRuns = [appRuns[appRuns.length - 1], summarize(await intake(APP_PORT))];
  const withOptions = combine(optionRuns);
  const plain = combine(plainRuns);
  const threeLines = combine(threeLineRuns);
  results.sections.options = {
    plain,
    withOptions,
    threeLines,
    ratioOkPerSec: round(withOptions.okPerSec / plain.okPerSec, 2),
    ratioToThreeLines: round(withOptions.okPerSec / threeLines.okPerSec, 2),
    rounds: { plain: plainRuns, withOptions: optionRuns, threeLines: threeLineRuns },
  };

  results.sections.intake = {
    connections: CONNECTIONS,
    seconds: INTAKE_SECONDS,
    app,
    floor: floorResult,
    ratioOkPerSec: round(app.okPerSec / floorResult.okPerSec, 2),
    ratioP99: round(app.p99Ms / Math.max(floorResult.p99Ms, 0.1), 2),
    apiPeakRssMb: peakRssMb(api.child.pid),
    rounds: { app: appRuns, floor: floorRuns },
  };
  if (exportSection) results.sections.export = exportSection;
  results.sections.voice = await measureVoice(menu);
  results.sections.board = [
    { name: 'one at a time on the idle API', ...(await timeToBoard({ body, count: BOARD_ORDERS })) },
    { name: `one at a time during the ${WARM_SECONDS} s warm-up at full intake load`, ...boardUnderLoad },
  ];

  await floor.stop();
  const stops = [];
  if (worker) {
    const { pending = 0 } = await measureExport(db.url, Date.now(), worker);
    stops.push({ ...(await stopIdle('export worker, idle', worker)), pendingAtSignal: pending });
  }
  stops.push(await stopUnderLoad('API with orders in flight', api, { baseUrl: APP_URL, body, ...STOP_LOAD }));
  const idleApi = await startApi();
  await sleep(1000); // done with what it does at boot
  stops.push(await stopIdle('API, idle', idleApi));
  stops.push(await stopWithBoardOpen("API with the board's live stream open", await startApi(), APP_URL));
  results.sections.shutdown = { timeoutSeconds: SHUTDOWN_TIMEOUT_SECONDS, stops };
  results.sections.exportBench = runExportBench();
  await report(results);
} finally {
  for (const p of processes.reverse()) await p.stop();
  await dropDatabase(db.name).catch(() => undefined);
}

/**
 * Orders timed from POST /api/orders until the staff dashboard's live stream delivers them (bench/dashboard.mjs),
 * with `during` (a load) running meanwhile if given.
 */
async function timeToBoard(orders, during = async () => undefined) {
  const stream = await openBoardStream(APP_URL, await staffCookie(APP_URL));
  try {
    const [timed] = await Promise.all([timeOrdersToBoard({ baseUrl: APP_URL, stream, ...orders }), during()]);
    return timed;
  } finally {
    stream.close();
  }
}

/** Rounds of the same load as one result: all responses, mean 2xx throughput, mean latency percentiles, all errors. */
function combine(runs) {
  const mean = (key) => round(runs.reduce((sum, r) => sum + r[key], 0) / runs.length, 1);
  return {
    responses: runs.reduce((sum, r) => sum + r.responses, 0),
    ok: runs.reduce((sum, r) => sum + r.ok, 0),
    okPerSec: Math.round(runs.reduce((sum, r) => sum + r.okPerSec, 0) / runs.length),
    p50Ms: mean('p50Ms'),
    p99Ms: mean('p99Ms'),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

/** Sequential webhook round trips, as Vapi makes them during a call. */
async function measureVoice(menu) {
  const url = `http://127.0.0.1:${APP_PORT}/webhook/vapi`;
  const post = async (message) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-vapi-secret': VAPI_SECRET },
      body: JSON.stringify({ message }),
    });
    if (res.status !== 200) throw new Error(`voice webhook answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  const call = (id) => ({ id, type: 'inboundPhoneCall', status: 'in-progress', customer: { number: '+12065550142' } });
  for (let i = 0; i < 20; i++) await post({ type: 'assistant-request', call: call(`warm-${i}`) });
  const assistant = await timeCalls(VOICE_CALLS, (i) => post({ type: 'assistant-request', call: call(`bench-ar-${i}`) }));
  const dish = menu[0].name;
  const placeOrder = await timeCalls(VOICE_CALLS, async (i) => {
    const reply = await post({
      type: 'tool-calls',
      call: call(`bench-call-${i}`),
      toolCallList: [
        {
          id: `tc-${i}`,
          type: 'function',
          function: {
            name: 'placeOrder',
            arguments: { customerName: 'Bench Caller', fulfillment: 'pickup', paymentMethod: 'cash', items: [{ name: dish, quantity: 2 }] },
          },
        },
      ],
    });
    if (!reply.results?.[0]?.result) throw new Error(`placeOrder failed: ${JSON.stringify(reply)}`);
  });
  return [
    { name: 'voice assistant-request', ...assistant, goal: 'p99 < 300', ok: assistant.p99Ms < 300 },
    { name: 'voice placeOrder', ...placeOrder, goal: 'p99 < 100', ok: placeOrder.p99Ms < 100 },
  ];
}

/** `npm run bench:export` (naive append vs batched worker), run as its own process and read back. */
function runExportBench() {
  const started = Date.now();
  const file = join('bench/results', `export-${Date.now()}.json`);
  const child = spawnSync(
    process.execPath,
    ['--import', '@swc-node/register/esm-register', 'bench/export-bench.ts', '--orders', String(EXPORT_BENCH_ORDERS), '--out', file],
    { stdio: 'inherit' },
  );
  if (child.status !== 0) return { error: `bench:export exited ${child.status}` };
  const r = JSON.parse(readFileSync(file, 'utf8'));
  return { ...r, file, seconds: round((Date.now() - started) / 1000, 1) };
}

async function measureExport(databaseUrl, burstEndedAt, worker) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const { rows } = await client.query(
        'SELECT count(*)::int AS pending, (SELECT count(*)::int FROM orders) AS total FROM orders WHERE version > exported_version',
      );
      if (rows[0].pending === 0) {
        const lagMs = Date.now() - burstEndedAt;
        return { orders: rows[0].total, lagSeconds: round(lagMs / 1000, 2), workerPeakRssMb: peakRssMb(worker.child.pid) };
      }
      if (Date.now() > deadline)
        return { orders: rows[0].total, lagSeconds: null, pending: rows[0].pending, workerPeakRssMb: peakRssMb(worker.child.pid) };
      await sleep(100);
    }
  } finally {
    await client.end();
  }
}

async function report(r) {
  r.finishedAt = new Date().toISOString();
  printTable(benchHeading(r), benchRows(r));
  mkdirSync('bench/results', { recursive: true });
  const file = join('bench/results', `bench-${r.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync('bench/results/latest.json', `${JSON.stringify(r, null, 2)}\n`);
  console.log(`\nJSON: ${file} and bench/results/latest.json`);
  const changed = await writeReadmeTables();
  console.log(changed ? 'README.md: benchmark tables regenerated from bench/results/latest.json' : 'README.md: tables already current');
}

function machine() {
  const cpus = os.cpus();
  return { cpus: cpus.length, cpuModel: cpus[0]?.model.trim(), memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}
