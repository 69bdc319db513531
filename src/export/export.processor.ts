import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, Type } from '@nestjs/common';
import { DelayedError, Job, Worker, WorkerOptions } from 'bullmq';
import { DayExporter } from './day-exporter.service.js';
import { DayRests } from './day-rests.js';
import { EXPORT_QUEUE, ExportDayJobData } from './export.constants.js';

/** How often a stopped consumer loop or stalled-job checker is restarted. */
const WATCHDOG_MS = 5000;

/** Started by onApplicationBootstrap, one job at a time (a job is a whole day's rewrite). */
const FIXED_WORKER_OPTIONS: Partial<WorkerOptions> = { autorun: false, concurrency: 1 };

/**
 * Consumes "day D changed" jobs: one locked rewrite of D's workbook per job, however many orders changed. A job
 * that arrives while D rests after its last write (pacing, see export-pacing.ts) is parked in the delayed set
 * until the rest is over instead of waiting here: requests meanwhile merge into it (it is D's deduplicated job),
 * the worker stays free for other days, and a shutdown never waits for a rest.
 */
@Injectable()
export class ExportProcessor extends WorkerHost<Worker<ExportDayJobData>> implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ExportWorker');
  private watchdog: NodeJS.Timeout | null = null;
  private closing = false;

  constructor(
    private readonly exporter: DayExporter,
    private readonly rests: DayRests,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.on('failed', (job, err) =>
      this.logger.warn(`Export job ${job?.id} (${job?.data.day}) failed, attempt ${job?.attemptsMade}: ${err.message}`),
    );
    this.worker.on('error', (err) => this.logger.warn(`Export worker: ${err.message}`));
    this.consume();
    this.watchdog = setInterval(() => this.keepConsuming(), WATCHDOG_MS);
    this.watchdog.unref();
  }

  private consume(): void {
    this.worker.run().catch((err) => {
      if (!this.closing)
        this.logger.error(
          `Export worker loop stopped (restarting it within ${WATCHDOG_MS} ms): ${err instanceof Error ? err.message : err}`,
        );
    });
  }

  /**
   * A worker whose loop or stalled-job checker has stopped while its process lives on would leave its day's job
   * stuck (the day's deduplicated job is active and nobody moves it back to waiting), so both are restarted here:
   * `run()` only when the loop is not running, `startStalledCheckTimer()` is a no-op while the checker runs.
   */
  private keepConsuming(): void {
    if (this.closing) return;
    if (!this.worker.isRunning()) this.consume();
    this.worker
      .startStalledCheckTimer()
      .catch((err) => this.logger.warn(`Export worker: stalled-job check: ${err instanceof Error ? err.message : err}`));
  }

  async process(job: Job<ExportDayJobData>, token?: string): Promise<{ rows: number; exported: number; ms: number }> {
    const { day } = job.data;
    const restMs = token ? await this.rests.remainingMs(day) : 0;
    if (restMs > 0) {
      // Not an attempt: moveToDelayed skips the attempt count, and DelayedError tells the worker the job moved.
      await job.moveToDelayed(Date.now() + restMs, token);
      throw new DelayedError();
    }
    const result = await this.exporter.exportDay(day);
    const rest = await this.rests.startRest(day, result.ms);
    this.logger.log(
      `Exported ${day}: ${result.exported} change(s), ${result.rows} row(s) in ${result.ms} ms (job ${job.id}); next write of ${day} in ${rest} ms at the earliest`,
    );
    return { rows: result.rows, exported: result.exported, ms: result.ms };
  }

  /**
   * Graceful shutdown: stop taking jobs, let the write in progress finish, then let Nest close the database.
   * Jobs parked for a rest stay in Redis for whichever worker runs next.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.watchdog) clearInterval(this.watchdog);
    await this.worker.close();
  }
}

/**
 * ExportProcessor as the queue's @Processor with this process's worker options (its own Redis connection, the job
 * lock). @nestjs/bullmq reads worker options only from the decorator, never from DI (nestjs/bull#2583), so
 * ExportQueueModule.forRoot() decorates a subclass with the options it was given, and a second application in
 * the same process (tests) gets its own.
 */
export function exportProcessorWith(options: Partial<WorkerOptions>): Type<ExportProcessor> {
  @Processor(EXPORT_QUEUE, { ...FIXED_WORKER_OPTIONS, ...options })
  class ConfiguredExportProcessor extends ExportProcessor {}
  return ConfiguredExportProcessor;
}
