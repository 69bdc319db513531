import { jest } from '@jest/globals';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { EXPORT_QUEUE, ExportDayJobData } from '@/export/export.constants.js';
import { ExportScheduler } from '@/export/export-scheduler.js';
import { redisOptionsFromUrl } from '@/redis/redis-connection.js';
import { dropRedisPrefix, redisTestUrl } from './support/databases.js';
import { placeOrder, readWorkbook, waitFor } from './support/export-helpers.js';
import { ADMIN_TOKEN, createTestApp, TestApp } from './support/test-app.js';

jest.setTimeout(180_000);

/**
 * The BullMQ export scheduler on a real Redis, with a write that really fails: a file stands where the export
 * folder should be, so every attempt meets ENOTDIR. The job is retried with backoff, kept as failed when its
 * attempts run out, and retryFailed() puts it back; once the fault is gone it succeeds.
 */
describe('BullMQ export scheduler: retries, failed jobs, retryFailed()', () => {
  const prefix = `ros-test-${randomBytes(4).toString('hex')}`;
  const root = mkdtempSync(join(tmpdir(), 'ros-blocked-'));
  const blocker = join(root, 'not-a-folder');
  const exportDir = join(blocker, 'exports');
  let t: TestApp;
  let queue: Queue<ExportDayJobData>;

  beforeAll(async () => {
    writeFileSync(blocker, 'a file where the export folder should be');
    // This API consumes the queue itself; the reconciler's timer stays out of the way (it would re-request the
    // failed day on its own).
    t = await createTestApp({
      env: { REDIS_URL: redisTestUrl(), REDIS_PREFIX: prefix, RUN_WORKER: 'true', EXPORT_DIR: exportDir, EXPORT_RECONCILE_SECONDS: '3600' },
    });
    queue = new Queue<ExportDayJobData>(EXPORT_QUEUE, { connection: redisOptionsFromUrl(redisTestUrl()), prefix });
  });

  afterAll(async () => {
    await queue?.close();
    await t?.close();
    await dropRedisPrefix(prefix);
    rmSync(root, { recursive: true, force: true });
  });

  it('retries a failing job, keeps it as failed, and retryFailed() re-queues it to succeed once the fault is gone', async () => {
    const scheduler = t.app.get(ExportScheduler);
    const exported = async (id: string) =>
      (await t.dataSource.query(`SELECT version <= exported_version AS done FROM orders WHERE id = $1`, [id]))[0].done as boolean;
    const order = await placeOrder(t.url, { customerName: 'Blocked export' });

    // Six attempts with exponential backoff from 1 s (about 31 s in all), then the job is failed for good.
    const failed = await waitFor('the job to fail for good', async () => (await queue.getFailed())[0], 120_000);
    expect(failed.data).toEqual({ day: order.businessDate });
    expect(failed.attemptsMade).toBe(6);
    expect(failed.failedReason).toMatch(/ENOTDIR|EEXIST|not a directory/i);
    expect(await scheduler.counts()).toMatchObject({ mode: 'redis', failed: 1, waiting: 0, active: 0, delayed: 0 });
    const status = await request(t.url).get('/api/exports/status').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);
    expect(status.body).toMatchObject({ failed: 1, unexportedOrders: 1 });
    expect(await exported(order.id)).toBe(false);

    rmSync(blocker);
    expect(await scheduler.retryFailed()).toBe(1);
    await waitFor('the retried job to export the order', () => exported(order.id), 60_000);
    await waitFor('no failed job left', async () => (await scheduler.counts()).failed === 0, 30_000);
    const wb = await readWorkbook(join(exportDir, `orders-${order.businessDate}.xlsx`));
    expect(wb.rows.map((r) => r['Order ID'])).toEqual([order.id]);
    expect(await queue.getJobState(failed.id!)).toBe('completed');
  });
});
