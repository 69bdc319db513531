import { jest } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPORT_QUEUE, ExportDayJobData } from '@/export/export.constants.js';
import { redisOptionsFromUrl } from '@/redis/redis-connection.js';
import { AppProcess, startExportWorker, stopProcess } from './support/app-process.js';
import { createDatabase, dropDatabase, dropRedisPrefix, redisTestUrl } from './support/databases.js';
import { exportWorkerEnv, insertOrdersDirectly, placeOrder, PlacedOrder, waitFor, workbookConverged } from './support/export-helpers.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { ordinaryDayClock } from './support/test-clock.js';

jest.setTimeout(180_000);

/**
 * Rests long enough to observe: 20 x the write, at most 8 s. Every write of the 8,000-order day below takes well
 * over 0.4 s, so the day rests the full 8 s after each one.
 */
const PACING = { EXPORT_PACE_FACTOR: '20', EXPORT_MAX_PAUSE_MS: '8000' };
const MAX_PAUSE_MS = 8000;

interface Write {
  /** When the worker logged the write (just after it ended and started the day's rest), epoch ms. */
  end: number;
  ms: number;
  rest: number;
  changes: number;
}

/** Every write of a day the workers logged, oldest first. */
function writesIn(outputs: string[]): Write[] {
  const line =
    /"time":(\d+).*"msg":"Exported \d{4}-\d\d-\d\d: (\d+) change\(s\), \d+ row\(s\) in (\d+) ms \(job [^)]*\); next write of \S+ in (\d+) ms/;
  return outputs
    .flatMap((o) => o.split('\n'))
    .map((l) => line.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ end: Number(m[1]), changes: Number(m[2]), ms: Number(m[3]), rest: Number(m[4]) }))
    .sort((a, b) => a.end - b.end);
}

/**
 * Pacing in the real topology: the API enqueues (RUN_WORKER=false), two worker processes share the export folder
 * and the days' rests. A day written moments ago rests before its next write, whichever worker takes the job.
 */
describe('export pacing with two workers on PostgreSQL + Redis', () => {
  const prefix = `ros-test-${randomBytes(4).toString('hex')}`;
  const exportDir = mkdtempSync(join(tmpdir(), 'ros-exports-'));
  let databaseUrl: string;
  let t: TestApp;
  let queue: Queue<ExportDayJobData>;
  let workerEnv: Record<string, string>;
  const workers: AppProcess[] = [];
  let day: string;

  const converged = (timeoutMs = 60_000) => workbookConverged(t.dataSource, join(exportDir, `orders-${day}.xlsx`), day, timeoutMs);
  const pendingCount = async () =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM orders WHERE version > exported_version`))[0].n as number;
  const exported = async (id: string) =>
    (await t.dataSource.query(`SELECT version <= exported_version AS done FROM orders WHERE id = $1`, [id]))[0].done as boolean;

  beforeAll(async () => {
    databaseUrl = await createDatabase();
    const env = { REDIS_URL: redisTestUrl(), REDIS_PREFIX: prefix, EXPORT_DIR: exportDir, EXPORT_RECONCILE_SECONDS: '1', ...PACING };
    t = await createTestApp({ databaseUrl, clock: ordinaryDayClock(), env: { ...env, RUN_WORKER: 'false' } });
    workerEnv = exportWorkerEnv(t, databaseUrl, env);
    workers.push(...(await Promise.all([startExportWorker(workerEnv), startExportWorker(workerEnv)])));
    queue = new Queue<ExportDayJobData>(EXPORT_QUEUE, { connection: redisOptionsFromUrl(redisTestUrl()), prefix });
  });

  afterAll(async () => {
    for (const w of workers) if (w.alive()) w.child.kill('SIGKILL');
    await queue?.close();
    await t?.close();
    if (databaseUrl) await dropDatabase(databaseUrl);
    await dropRedisPrefix(prefix);
    rmSync(exportDir, { recursive: true, force: true });
  });

  it('exports a burst on a big day completely, each write waiting out the rest the previous one started', async () => {
    const first = await placeOrder(t.url, { customerName: 'Before the rush' });
    day = first.businessDate;
    await insertOrdersDirectly(t.dataSource, day, 8000, 'P'); // the reconciler requests the day within a second
    const placed: PlacedOrder[] = [first];
    for (let wave = 0; wave < 16; wave++) {
      placed.push(...(await Promise.all(Array.from({ length: 25 }, (_, i) => placeOrder(t.url, { customerName: `Rush ${wave}-${i}` })))));
      await new Promise((r) => setTimeout(r, 250)); // spreads the burst over several writes
    }
    // Writes the workers had logged when the last order was answered.
    const carrying = (ws: Write[]) => ws.filter((w) => w.changes > 0).length;
    const loggedAtBurstEnd = carrying(writesIn(workers.map((w) => w.output())));
    const burstEnd = Date.now(); // for the printed figure only
    await waitFor('every order exported', async () => (await pendingCount()) === 0, 120_000);

    const { wb } = await converged();
    expect(wb.rows).toHaveLength(8000 + placed.length);
    const ids = new Set(wb.rows.map((r) => r['Order ID']));
    expect(placed.every((p) => ids.has(p.id))).toBe(true);

    const writes = writesIn(workers.map((w) => w.output()));
    expect(writes.length).toBeGreaterThan(1);
    for (let k = 1; k < writes.length; k++) {
      const start = writes[k].end - writes[k].ms;
      // The next write of the day starts no sooner than the previous one's rest allows (log timing slack).
      expect(start - writes[k - 1].end).toBeGreaterThanOrEqual(writes[k - 1].rest - 100);
    }
    const bigWrites = writes.filter((w) => w.ms >= MAX_PAUSE_MS / 20);
    expect(bigWrites.length).toBeGreaterThan(0);
    expect(bigWrites.every((w) => w.rest === MAX_PAUSE_MS)).toBe(true);
    // The lag stays bounded, counted in writes rather than read off a clock: after the last order was answered
    // come at most a write that had just ended (its log line still on its way through the pipe), the write then
    // in progress, and one more after its rest, which carries everything left (one follow-up job per day; a
    // later write, requested by a reconciler meanwhile, finds no change and is not counted).
    const writesAfterBurst = carrying(writes) - loggedAtBurstEnd;
    expect(writesAfterBurst).toBeGreaterThanOrEqual(1);
    expect(writesAfterBurst).toBeLessThanOrEqual(3);
    const lastWrite = writes.at(-1)!;
    console.log(
      `export pacing: ${writes.length} writes for ${placed.length} orders on an 8,000-order day; ` +
        `${writesAfterBurst} after the burst; last order in the workbook ${lastWrite.end - burstEnd} ms after the burst (slowest write ${Math.max(...writes.map((w) => w.ms))} ms)`,
    );
  });

  it('a worker stopped during a rest exits without waiting for it; the parked job keeps its orders for the next worker', async () => {
    // Rests of 20 x the write, up to a minute: a write of this 8,000-order day takes well over 0.4 s, so seconds.
    for (const stop of await Promise.all(workers.splice(0).map((w) => stopProcess(w)))) expect(stop.code).toBe(0);
    const longRests = { ...workerEnv, EXPORT_MAX_PAUSE_MS: '60000' };
    workers.push(...(await Promise.all([startExportWorker(longRests), startExportWorker(longRests)])));
    const redis = new Redis(redisTestUrl());
    const restKey = queue.toKey(`rest:${day}`);

    try {
      // x is written; the write starts the day's rest.
      const x = await placeOrder(t.url, { customerName: 'Written just now' });
      await waitFor(
        'the write carrying x, and its log line',
        async () => (await exported(x.id)) && writesIn(workers.map((w) => w.output())).some((w) => w.changes > 0),
        60_000,
      );

      const y = await placeOrder(t.url, { customerName: 'During the rest' });
      const parked = await waitFor('the job parked in the delayed set', async () => (await queue.getDelayed())[0], 30_000);
      expect(parked.data).toEqual({ day });
      expect(parked.attemptsMade).toBe(0); // a rest is not a failed attempt

      const stops = await Promise.all(workers.splice(0).map((w) => stopProcess(w)));
      for (const stop of stops) expect(stop.code).toBe(0);
      // The workers are gone and the day's rest is still running (its key has time to live): they did not wait
      // for it. Nobody wrote y: the job is still parked and y still pending, while x, through the same
      // observer, was exported.
      expect(await redis.pttl(restKey)).toBeGreaterThan(0);
      expect(await queue.getJobState(parked.id!)).toBe('delayed');
      expect(await exported(y.id)).toBe(false);
      expect(await exported(x.id)).toBe(true);

      // The rest ends (fast-forwarded in Redis: the rest's key gone, the parked job due now): a new worker takes
      // the parked job and writes y.
      expect(await redis.del(restKey)).toBe(1);
      await parked.promote();
      const replacement = await startExportWorker(workerEnv);
      workers.push(replacement);
      await waitFor('y exported by the new worker', () => exported(y.id), 60_000);
      const { wb } = await converged();
      expect(wb.rows.filter((r) => r['Order ID'] === y.id)).toHaveLength(1);
      const stop = await stopProcess(replacement);
      expect(stop.code).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});
