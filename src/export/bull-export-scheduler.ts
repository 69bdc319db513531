import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { withTimeout } from '@/redis/redis-connection.js';
import { EXPORT_CONSUMING, EXPORT_DAY_JOB, EXPORT_QUEUE, exportDayJobOptions, ExportDayJobData } from './export.constants.js';
import { ExportScheduler, QueueCounts } from './export-scheduler.js';

/** Producer side of the BullMQ export queue. */
@Injectable()
export class BullExportScheduler extends ExportScheduler {
  private readonly logger = new Logger('ExportQueue');

  constructor(
    @InjectQueue(EXPORT_QUEUE) private readonly queue: Queue<ExportDayJobData>,
    @Inject(EXPORT_CONSUMING) private readonly consuming: boolean,
  ) {
    super();
  }

  async requestDay(day: string): Promise<boolean> {
    try {
      await withTimeout(this.queue.add(EXPORT_DAY_JOB, { day }, exportDayJobOptions(day)), 3000);
      return true;
    } catch (err) {
      this.logger.warn(`Could not enqueue the export of ${day} (the reconciler will): ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
  }

  async counts(): Promise<QueueCounts> {
    const c = await withTimeout(this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized'), 3000);
    return {
      mode: 'redis',
      consuming: this.consuming,
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      failed: c.failed ?? 0,
    };
  }

  async retryFailed(): Promise<number> {
    const failed = await withTimeout(this.queue.getFailed(0, 999), 3000);
    await Promise.all(failed.map((job) => job.retry()));
    if (failed.length > 0) this.logger.log(`Retrying ${failed.length} failed export job(s) on request`);
    return failed.length;
  }

  async ping(): Promise<{ up: boolean; message?: string }> {
    try {
      const client = await withTimeout(this.queue.getBackend().client, 2000);
      await withTimeout((client as unknown as { ping(): Promise<string> }).ping(), 2000);
      return { up: true };
    } catch (err) {
      return { up: false, message: err instanceof Error ? err.message : String(err) };
    }
  }
}
