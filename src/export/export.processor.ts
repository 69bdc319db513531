import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, WorkerOptions } from 'bullmq';
import { DayExporter } from './day-exporter.service';
import { EXPORT_QUEUE, ExportDayJobData } from './export.constants';

/**
 * Worker options the decorator hands to @nestjs/bullmq. The job lock comes from configuration, which is only
 * known at boot: ExportModule.forRoot() fills it in before Nest creates the worker.
 */
export const exportWorkerOptions: Partial<WorkerOptions> = { autorun: false, concurrency: 1 };

/** Consumes "day D changed" jobs: one locked rewrite of D's workbook per job, however many orders changed. */
@Processor(EXPORT_QUEUE, exportWorkerOptions)
export class ExportProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ExportWorker');

  constructor(private readonly exporter: DayExporter) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.on('failed', (job, err) =>
      this.logger.warn(`Export job ${job?.id} (${job?.data.day}) failed, attempt ${job?.attemptsMade}: ${err.message}`),
    );
    this.worker.on('error', (err) => this.logger.warn(`Export worker: ${err.message}`));
    void this.worker.run().catch((err) => this.logger.error(`Export worker stopped: ${err instanceof Error ? err.message : err}`));
  }

  async process(job: Job<ExportDayJobData>): Promise<{ rows: number; exported: number; ms: number }> {
    const { day } = job.data;
    const result = await this.exporter.exportDay(day);
    this.logger.log(`Exported ${day}: ${result.exported} change(s), ${result.rows} row(s) in ${result.ms} ms (job ${job.id})`);
    return { rows: result.rows, exported: result.exported, ms: result.ms };
  }

  /** Graceful shutdown: stop taking jobs, let the write in progress finish, then let Nest close the database. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }
}
