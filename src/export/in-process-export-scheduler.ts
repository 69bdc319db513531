import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { exportConfig } from '@/config/export.config.js';
import { DayBatcher } from './day-batcher.js';
import { DayExporter } from './day-exporter.service.js';
import { ExportScheduler, QueueCounts } from './export-scheduler.js';

/** Development without Redis: the same processing function, locks and pacing, in this process. */
@Injectable()
export class InProcessExportScheduler extends ExportScheduler implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ExportQueue');
  readonly batcher: DayBatcher;

  constructor(exporter: DayExporter, @Inject(exportConfig.KEY) config: ConfigType<typeof exportConfig>) {
    super();
    this.batcher = new DayBatcher(
      async (day) => {
        const r = await exporter.exportDay(day);
        this.logger.debug(`Exported ${day}: ${r.exported} change(s), ${r.rows} row(s) in ${r.ms} ms`);
      },
      {
        pacing: config.pacing,
        attempts: 5,
        backoffMs: 500,
        onError: (day, err, attempt) =>
          this.logger.warn(`Export of ${day} failed (attempt ${attempt}): ${err instanceof Error ? err.message : String(err)}`),
      },
    );
  }

  async requestDay(day: string): Promise<boolean> {
    this.batcher.request(day);
    return true;
  }

  async counts(): Promise<QueueCounts> {
    return {
      mode: 'in-process',
      consuming: true,
      waiting: this.batcher.waitingCount,
      active: this.batcher.activeCount,
      delayed: 0,
      failed: this.batcher.stats.failed,
    };
  }

  /** The in-process queue keeps no failed jobs: a failed day stays pending and the reconciler retries it. */
  async retryFailed(): Promise<number> {
    return 0;
  }

  async ping(): Promise<null> {
    return null;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.batcher.stop();
  }
}
