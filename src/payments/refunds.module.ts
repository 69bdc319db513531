import { Module } from '@nestjs/common';
import { OrdersModule } from '@/orders/orders.module.js';
import { PaymentsModule } from './payments.module.js';
import { RefundsDashboardProvider } from './refunds-dashboard.provider.js';
import { RefundsService } from './refunds.service.js';

/** Refunds of cancelled card orders: asked for, retried with backoff, shown to staff when they keep failing. */
@Module({
  imports: [OrdersModule, PaymentsModule],
  providers: [RefundsService, RefundsDashboardProvider],
  exports: [RefundsService, RefundsDashboardProvider],
})
export class RefundsModule {}
