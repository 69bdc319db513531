import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createDatabase, dropDatabase, dropRedisPrefix, redisTestUrl } from './support/databases.js';
import {
  exportWorkerEnv,
  insertOrdersDirectly,
  placeOrder,
  PlacedOrder,
  readWorkbook,
  waitFor,
  workbookConverged,
  XLSX_HEADER,
} from './support/export-helpers.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { ADMIN_TOKEN, createTestApp, TestApp } from './support/test-app.js';
import { ordinaryDayClock } from './support/test-clock.js';
import { AppProcess, startExportWorker } from './support/app-process.js';

jest.setTimeout(180_000);

/**
 * The real topology: the API enqueues on Redis (RUN_WORKER=false), separate worker processes consume and write
 * one shared export folder. Redis is reached through a proxy the test can take down.
 */
describe('export workers on PostgreSQL + Redis', () => {
  const prefix = `ros-test-${randomBytes(4).toString('hex')}`;
  const redisTarget = new URL(redisTestUrl());
  const proxy = new TcpProxy(redisTarget.hostname, Number(redisTarget.port || 6379));
  const exportDir = mkdtempSync(join(tmpdir(), 'ros-exports-'));
  const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
  let databaseUrl: string;
  let t: TestApp;
  let workerEnv: Record<string, string>;
  const workers: AppProcess[] = [];
  let day: string;

  const workbookPath = () => join(exportDir, `orders-${day}.xlsx`);

  const converged = (timeoutMs = 60_000) => workbookConverged(t.dataSource, workbookPath(), day, timeoutMs);

  beforeAll(async () => {
    await proxy.up();
    databaseUrl = await createDatabase();
    const env = {
      REDIS_URL: proxy.url(),
      REDIS_PREFIX: prefix,
      EXPORT_DIR: exportDir,
      EXPORT_RECONCILE_SECONDS: '1',
      EXPORT_LOCK_STALE_SECONDS: '5',
      EXPORT_JOB_LOCK_SECONDS: '2',
    };
    t = await createTestApp({ databaseUrl, clock: ordinaryDayClock(), env: { ...env, RUN_WORKER: 'false' } });
    workerEnv = exportWorkerEnv(t, databaseUrl, env);
    workers.push(...(await Promise.all([startExportWorker(workerEnv), startExportWorker(workerEnv)])));
  });

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await t?.close();
    await proxy.down();
    if (databaseUrl) await dropDatabase(databaseUrl);
    await dropRedisPrefix(prefix);
    rmSync(exportDir, { recursive: true, force: true });
  });

  it('workers run at lower CPU priority than the API (EXPORT_WORKER_NICE, default 10)', () => {
    // Field 19 of /proc/<pid>/stat (counting from 1) is the niceness of the process's main thread.
    const nice = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
    for (const w of workers) expect(nice(w.child.pid!)).toBe(10);
    expect(nice(process.pid)).toBe(0);
  });

  it('two workers on one folder: every order exactly once, totals equal to the database', async () => {
    const placed: PlacedOrder[] = [];
    for (let batch = 0; batch < 8; batch++) {
      placed.push(...(await Promise.all(Array.from({ length: 25 }, (_, i) => placeOrder(t.url, { customerName: `Guest ${batch}-${i}` })))));
    }
    day = placed[0].businessDate;
    const { wb, orders } = await converged();
    expect(wb.header).toEqual(XLSX_HEADER);
    expect(wb.rows).toHaveLength(200);
    expect(new Set(wb.rows.map((r) => r['Order ID']))).toEqual(new Set(placed.map((p) => p.id)));
    const sheetTotal = wb.rows.reduce((s, r) => s + Math.round((r.Total as number) * 100), 0);
    expect(sheetTotal).toBe(orders.reduce((s, o) => s + o.total_cents, 0));
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM orders WHERE version > exported_version`);
    expect(n).toBe(0);
    // Far fewer writes than orders: changes are batched per day.
    const writes = workers.map((w) => (w.output().match(/Exported \d{4}-\d\d-\d\d:/g) ?? []).length).reduce((a, b) => a + b, 0);
    expect(writes).toBeLessThan(placed.length / 2);
  });

  it('a status change reaches the row within seconds', async () => {
    const [{ id }] = await t.dataSource.query(`SELECT id FROM orders WHERE business_date = $1 ORDER BY created_at LIMIT 1`, [day]);
    await request(t.url).patch(`/api/orders/${id}/status`).set(auth).send({ status: 'confirmed' }).expect(200);
    await waitFor(
      'the confirmed status',
      async () => {
        const wb = await readWorkbook(workbookPath());
        return wb.rows.find((r) => r['Order ID'] === id)?.Status === 'confirmed';
      },
      10_000,
    );
    const health = await request(t.url).get('/health').expect(200);
    expect(health.body.details.redis.status).toBe('up');
    const status = await request(t.url).get('/api/exports/status').set(auth).expect(200);
    expect(status.body).toMatchObject({ mode: 'redis', reachable: true, consumingInThisProcess: false, failed: 0 });
  });

  it('an order placed while Redis is down is still exported once Redis is back', async () => {
    await proxy.down();
    const logged = workers.map((w) => w.output().length);
    // Answered while Redis is still down (it stays down until this test brings it back): the order does not
    // wait for the queue.
    const order = await placeOrder(t.url, { customerName: 'During the outage' });
    await request(t.url).get('/health').expect(503);
    const status = await request(t.url).get('/api/exports/status').set(auth).expect(200);
    expect(status.body.reachable).toBe(false);
    expect(status.body.unexportedOrders).toBeGreaterThanOrEqual(1);
    // A worker's reconciler found the order and tried to request its day (it cannot, Redis is down): the
    // workers did look while it was pending, so the workbook not showing it below is the outage's doing.
    await waitFor(
      'a worker to try to request the day during the outage',
      async () => workers.some((w, i) => w.output().slice(logged[i]).includes(`Could not enqueue the export of ${day}`)),
      30_000,
    );
    expect((await readWorkbook(workbookPath())).rows.some((r) => r['Order ID'] === order.id)).toBe(false);
    const pending = await t.dataSource.query(`SELECT version > exported_version AS pending FROM orders WHERE id = $1`, [order.id]);
    expect(pending[0].pending).toBe(true);

    // Control: the same observers see it once Redis is back.
    await proxy.up();
    const { wb } = await converged(30_000);
    expect(wb.rows.filter((r) => r['Order ID'] === order.id)).toHaveLength(1);
  });

  it('a worker killed in the middle of a write leaves a readable workbook that converges', async () => {
    // Stop one worker gracefully (exit code 0), so the other one surely takes the big write.
    workers[1].child.kill('SIGTERM');
    expect(await workers[1].exited).toBe(0);
    const before = (await readWorkbook(workbookPath())).rows.length;

    // Enough orders that the rewrite takes a while; inserted directly (as a crash between commit and enqueue would leave them).
    await insertOrdersDirectly(t.dataSource, day, 6000, 'K');
    const victim = workers[0];
    const tmpPrefix = `.orders-${day}.xlsx.`;
    // The reconciler (every second) requests the day; kill the worker the moment its temp file appears.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the big write never started')), 30_000);
      const watcher = watch(exportDir, (_event, name) => {
        if (name && String(name).startsWith(tmpPrefix)) {
          victim.child.kill('SIGKILL');
          watcher.close();
          clearTimeout(timer);
          resolve();
        }
      });
    });
    await victim.exited;

    const afterCrash = await readWorkbook(workbookPath());
    expect([before, before + 6000]).toContain(afterCrash.rows.length);
    const strays = readdirSync(exportDir).filter((f) => f.startsWith(tmpPrefix));
    expect(strays.length).toBeGreaterThan(0);
    expect(readdirSync(exportDir)).toContain(`orders-${day}.xlsx.lock`);

    const replacement = await startExportWorker(workerEnv);
    workers.push(replacement);
    const { wb } = await converged(90_000);
    expect(wb.rows).toHaveLength(before + 6000);
    expect(wb.header).toEqual(XLSX_HEADER);
    // The next write under the lock cleaned whatever the crash left behind; the lock was released.
    await waitFor('no leftovers', async () => readdirSync(exportDir).every((f) => f === `orders-${day}.xlsx`), 10_000);
    if (strays.length > 0) expect(readdirSync(exportDir)).not.toContain(strays[0]);

    replacement.child.kill('SIGTERM');
    expect(await replacement.exited).toBe(0);
  });

  it('a lone worker keeps consuming through three Redis outages under a steady stream of orders', async () => {
    // Nobody covers for it: a worker whose loop gave up during an outage would live on and export nothing more
    // (the day's job left in `active`, no stalled-job check to move it back).
    const lone = await startExportWorker(workerEnv);
    workers.push(lone);
    let stop = false;
    const placed: string[] = [];
    const load = (async () => {
      for (let i = 0; !stop; i++) {
        // Orders placed while Redis is down are answered too (the API does not wait for the queue).
        placed.push((await placeOrder(t.url, { customerName: `Steady ${i}` })).id);
        await new Promise((r) => setTimeout(r, 40)); // a steady stream, not a flood
      }
    })();
    const exported = async (id: string) =>
      (await t.dataSource.query(`SELECT version <= exported_version AS done FROM orders WHERE id = $1`, [id]))[0].done as boolean;
    /** An order placed from now on, once the worker has exported it: the worker consumes. */
    const consumes = async (what: string) => {
      const from = placed.length;
      await waitFor(what, async () => placed.length > from && (await exported(placed[from])), 60_000);
    };
    for (let outage = 0; outage < 3; outage++) {
      await consumes(`the worker to consume before outage ${outage + 1}`);
      const logged = lone.output().length;
      await proxy.down();
      // The outage reached the worker: it logged a failure to reach Redis.
      await waitFor(
        `the worker to notice outage ${outage + 1}`,
        async () => /Could not|Export worker|ECONNREFUSED|Connection is closed/.test(lone.output().slice(logged)),
        30_000,
      );
      await proxy.up();
    }
    await consumes('the worker to consume after the last outage');
    stop = true;
    await load;
    const last = await placeOrder(t.url, { customerName: 'After the outages' });

    const { wb } = await converged(45_000).catch((err: Error) => {
      throw new Error(`${err.message}\n--- worker output:\n${lone.output().split('\n').slice(-30).join('\n')}`);
    });
    expect(wb.rows.filter((r) => r['Order ID'] === last.id)).toHaveLength(1);
    expect(lone.alive()).toBe(true);
    lone.child.kill('SIGTERM');
    expect(await lone.exited).toBe(0);
  });
});
