import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess, startExportWorker, stopProcess } from './support/app-process';
import { createDatabase, dropDatabase, dropRedisPrefix, redisTestUrl } from './support/databases';
import { exportWorkerEnv, placeOrder, workbookConverged } from './support/export-helpers';
import { TcpProxy } from './support/tcp-proxy';
import { createTestApp, TestApp } from './support/test-app';

jest.setTimeout(120_000);

/**
 * One worker, so nothing covers for it: Redis goes away several times while orders keep arriving and the worker
 * is busy with jobs, locks and its stalled-job checks. Afterwards the same process must still consume: a worker
 * whose loop gave up during an outage would live on and export nothing (a day's job stuck in `active`).
 */
describe('an export worker after Redis outages', () => {
  const prefix = `ros-test-${randomBytes(4).toString('hex')}`;
  const redisTarget = new URL(redisTestUrl());
  const proxy = new TcpProxy(redisTarget.hostname, Number(redisTarget.port || 6379));
  const exportDir = mkdtempSync(join(tmpdir(), 'ros-exports-'));
  let databaseUrl: string;
  let t: TestApp;
  let worker: AppProcess;

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
    t = await createTestApp({ databaseUrl, env: { ...env, RUN_WORKER: 'false' } });
    worker = await startExportWorker(exportWorkerEnv(t, databaseUrl, env));
  });

  afterAll(async () => {
    if (worker?.alive()) worker.child.kill('SIGKILL');
    await t?.close();
    await proxy.down();
    if (databaseUrl) await dropDatabase(databaseUrl);
    await dropRedisPrefix(prefix);
    rmSync(exportDir, { recursive: true, force: true });
  });

  it('keeps consuming: every order placed before, during and after three outages reaches the workbook', async () => {
    let stop = false;
    let day = '';
    const load = (async () => {
      for (let i = 0; !stop; i++) {
        day = (await placeOrder(t.url, { customerName: `Steady ${i}` })).businessDate;
        await new Promise((r) => setTimeout(r, 40));
      }
    })();
    for (let outage = 0; outage < 3; outage++) {
      await new Promise((r) => setTimeout(r, 2500));
      await proxy.down();
      await new Promise((r) => setTimeout(r, 4000));
      await proxy.up();
    }
    await new Promise((r) => setTimeout(r, 2000));
    stop = true;
    await load;
    const last = await placeOrder(t.url, { customerName: 'After the outages' });

    const { wb } = await workbookConverged(t.dataSource, join(exportDir, `orders-${day}.xlsx`), day, 45_000).catch((err: Error) => {
      throw new Error(`${err.message}\n--- worker output:\n${worker.output().split('\n').slice(-30).join('\n')}`);
    });
    expect(wb.rows.filter((r) => r['Order ID'] === last.id)).toHaveLength(1);
    expect(worker.alive()).toBe(true);
    // And it still shuts down cleanly.
    expect((await stopProcess(worker)).code).toBe(0);
  });
});
