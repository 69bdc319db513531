import { Module } from '@nestjs/common';
import { OrdersModule } from '@/orders/orders.module.js';
import { PaymentsModule } from './payments.module.js';
import { RefundsDashboardProvider } from './refunds-dashboard.provider.js';
import { RefundsService } from './refunds.service.js';
import { StaffRefundsController } from './staff-refunds.controller.js';
import { StaffRefunds } from './staff-refunds.service.js';
import { StaffRefundsRepository } from './staff-refunds.repository.js';

/**
 * Refunds: of cancelled card orders (asked for, retried with backoff, shown to staff when they keep failing), and
 * those staff give, in part or in full (admin API here, the dashboard through StaffRefunds).
 */
@Module({
  imports: [OrdersModule, PaymentsModule],
  controllers: [StaffRefundsController],
  providers: [RefundsService, RefundsDashboardProvider, StaffRefunds, StaffRefundsRepository],
  exports: [RefundsService, RefundsDashboardProvider, StaffRefunds],
})
export class RefundsModule {}
