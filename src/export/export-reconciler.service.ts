import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { exportConfig } from '@/config/export.config.js';
import { DayExporter } from './day-exporter.service.js';
import { ExportScheduler } from './export-scheduler.js';

/**
 * The database is the source of truth: any order whose version is ahead of its exported version gets its day
 * re-requested, at start and every EXPORT_RECONCILE_SECONDS. This covers an enqueue lost to a Redis outage or a
 * crash between commit and enqueue, and jobs that ran out of attempts. Runs in every consuming process; the
 * queue's per-day deduplication makes concurrent reconcilers harmless.
 */
@Injectable()
export class ExportReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ExportReconciler');
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly exporter: DayExporter,
    private readonly scheduler: ExportScheduler,
    @Inject(exportConfig.KEY) config: ConfigType<typeof exportConfig>,
  ) {
    this.intervalMs = config.reconcileSeconds * 1000;
  }

  onApplicationBootstrap(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Requests every day with pending changes; returns the days it found. */
  async reconcile(): Promise<string[]> {
    const days = await this.exporter.pendingDays();
    for (const day of days) await this.scheduler.requestDay(day);
    if (days.length > 0) this.logger.log(`Requested export of ${days.length} day(s) with pending changes: ${days.join(', ')}`);
    return days;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.reconcile()
      .then(() => undefined)
      .catch((err) => this.logger.warn(`Reconcile failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        this.running = null;
      });
    await this.running;
  }
}
