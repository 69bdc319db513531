#!/usr/bin/env node
// `npm test`. Test projects are in package.json "jest": unit (src/**/*.spec.ts), e2e (test/**/*.e2e-spec.ts,
// run on PGlite and on PostgreSQL), services (test/**/*.services-spec.ts: real PostgreSQL + Redis), browser
// (test/browser/**/*.browser-spec.ts: Chromium), faults (test/faults/**/*.faults-spec.ts: PostgreSQL + Redis, real
// processes killed under load, fuzzing, security checks; prints a table of figures at the end).
// Order: unit specs, then e2e on embedded PGlite; then, where the machine has them, e2e again on real
// PostgreSQL, the suites that need PostgreSQL + Redis, and the browser tests in Chromium. Outside CI a missing
// service is reported and its suites are left out; with CI=true a missing service fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';

const ci = process.env.CI === 'true';
const extraArgs = process.argv.slice(2);
const resultsDir = join('test-artifacts', 'jest');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

function reachable(url, fallbackPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || fallbackPort), timeout: 2000 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
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
    args: ['--runInBand', '--reporters=default', '--reporters=./test/faults/figures-reporter.js'],
  });
} else if (hasPg) missing.push(`Redis at ${redisUrl} (services, faults)`);
if (hasChromium) runs.push({ name: 'browser', project: 'browser', env: { TEST_DB: 'pglite' } });
else missing.push(`Chromium at ${chromium} (browser)`);

let passed = 0;
let failed = 0;
let ok = true;
for (const run of runs) {
  console.log(`\n=== ${run.name} ===`);
  const outputFile = join(resultsDir, `${run.name}.json`);
  const result = spawnSync(
    'npx',
    ['jest', ...(run.args ?? []), '--selectProjects', run.project, '--json', `--outputFile=${outputFile}`, '--passWithNoTests', ...extraArgs],
    {
      stdio: 'inherit',
      // PGlite loads its WebAssembly bundle with a dynamic import, which Jest's VM allows only with this flag.
      env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules --no-warnings=ExperimentalWarning', ...run.env },
    },
  );
  if (existsSync(outputFile)) {
    const report = JSON.parse(readFileSync(outputFile, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  }
  if (result.status !== 0) ok = false;
}

console.log('\n=== summary ===');
for (const m of missing) console.log(`${ci ? 'MISSING' : 'not run'}: ${m}`);
if (missing.length > 0 && ci) {
  console.log('CI=true: every suite must run; start the missing services (see .ci/run).');
  ok = false;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
