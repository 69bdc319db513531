import { Injectable } from '@nestjs/common';
import { ExportScheduler } from './export-scheduler.js';
import { ExportsService } from './exports.service.js';

/** Health of the Excel export pipeline, as the dashboard's export panel shows it. */
export interface ExportQueueHealth {
  /** Jobs waiting (or delayed) in the queue. */
  waiting: number;
  /** Jobs running right now. */
  active: number;
  /** Jobs that failed for good (retries exhausted). */
  failed: number;
  /** Oldest order change not yet in its workbook (ISO 8601), null when everything is exported. */
  oldestUnexportedChangeAt: string | null;
  /** Orders whose latest change is not yet exported. */
  unexportedOrders?: number;
  /** Most recent failures, newest first (at most a handful). */
  recentFailures?: Array<{ jobId: string; businessDate?: string; error: string; failedAt: string }>;
}

/**
 * What the staff dashboard's export panel reads: queue health, retries, and the workbook files. ExportModule
 * exports it and DashboardModule imports ExportModule: the dashboard depends on the feature it shows.
 */
@Injectable()
export class ExportDashboardProvider {
  constructor(
    private readonly exports: ExportsService,
    private readonly scheduler: ExportScheduler,
  ) {}

  async health(): Promise<ExportQueueHealth> {
    const status = await this.exports.status();
    return {
      waiting: (status.waiting ?? 0) + (status.delayed ?? 0),
      active: status.active ?? 0,
      failed: status.failed ?? 0,
      oldestUnexportedChangeAt: status.oldestUnexportedAt,
      unexportedOrders: status.unexportedOrders,
    };
  }

  /** Puts failed export jobs back in the queue; returns how many were retried. */
  async retryFailed(): Promise<{ retried: number }> {
    return { retried: await this.scheduler.retryFailed() };
  }

  workbookPath(businessDate: string): Promise<string | null> {
    return this.exports.workbookPath(businessDate);
  }
}
