import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GeoModule } from '@/geo/geo.module.js';
import { MenuModule } from '@/menu/menu.module.js';
import { PaymentsModule } from '@/payments/payments.module.js';
import { IdempotencyKey } from './entities/idempotency-key.entity.js';
import { OrderHistoryEntry } from './entities/order-history.entity.js';
import { OrderItem } from './entities/order-item.entity.js';
import { Order } from './entities/order.entity.js';
import { ClusterEventsBridge } from './cluster-events.bridge.js';
import { OrderEvents } from './order-events.js';
import { OrdersController } from './orders.controller.js';
import { OrdersService } from './orders.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Order, OrderItem, OrderHistoryEntry, IdempotencyKey]), MenuModule, GeoModule, PaymentsModule],
  controllers: [OrdersController],
  providers: [OrdersService, OrderEvents, ClusterEventsBridge],
  exports: [OrdersService, OrderEvents],
})
export class OrdersModule {}
