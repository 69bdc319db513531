import { Module } from '@nestjs/common';
import { ClusterEventsModule } from '@/cluster-events/cluster-events.module.js';
import { GeoModule } from '@/geo/geo.module.js';
import { MenuModule } from '@/menu/menu.module.js';
import { NotificationsDataModule } from '@/notifications/notifications-data.module.js';
import { PaymentsModule } from '@/payments/payments.module.js';
import { SchedulingModule } from '@/scheduling/scheduling.module.js';
import { IdempotencyService } from './idempotency.service.js';
import { OrderEvents } from './order-events.js';
import { OrderNumbers } from './order-numbers.service.js';
import { OrderPricer } from './order-pricer.service.js';
import { OrderStatusChanges } from './order-status-changes.service.js';
import { OrdersDataModule } from './orders-data.module.js';
import { OrdersController } from './orders.controller.js';
import { OrdersService } from './orders.service.js';

@Module({
  imports: [OrdersDataModule, NotificationsDataModule, MenuModule, GeoModule, PaymentsModule, ClusterEventsModule, SchedulingModule],
  controllers: [OrdersController],
  providers: [OrdersService, OrderPricer, IdempotencyService, OrderNumbers, OrderStatusChanges, OrderEvents],
  exports: [OrdersService, OrderEvents, OrdersDataModule],
})
export class OrdersModule {}
