import { Injectable } from '@nestjs/common';
import { DashboardExportProvider, ExportQueueHealth } from '@/dashboard/dashboard-integrations.js';
import { ExportScheduler } from './export-scheduler.js';
import { ExportsService } from './exports.service.js';

/** The export panel of the staff dashboard: queue health, retries, and the workbook files. */
@Injectable()
export class ExportDashboardProvider extends DashboardExportProvider {
  constructor(
    private readonly exports: ExportsService,
    private readonly scheduler: ExportScheduler,
  ) {
    super();
  }

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

  async retryFailed(): Promise<{ retried: number }> {
    return { retried: await this.scheduler.retryFailed() };
  }

  workbookPath(businessDate: string): Promise<string | null> {
    return this.exports.workbookPath(businessDate);
  }
}
