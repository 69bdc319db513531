import { Module } from '@nestjs/common';
import { OrdersModule } from '@/orders/orders.module.js';
import { ExportDashboardProvider } from './export-dashboard.provider.js';
import { ExportEnqueuer } from './export-enqueuer.service.js';
import { ExportsController } from './exports.controller.js';
import { ExportsService } from './exports.service.js';

/**
 * The export as the API process offers it: every committed order change requests its day (ExportEnqueuer),
 * /api/exports, and the dashboard's export panel. Builds on ExportQueueModule.forRoot() (the queue and the
 * writer), which the application imports once; the export worker process imports only that.
 */
@Module({
  imports: [OrdersModule],
  controllers: [ExportsController],
  providers: [ExportEnqueuer, ExportsService, ExportDashboardProvider],
  exports: [ExportDashboardProvider],
})
export class ExportModule {}
