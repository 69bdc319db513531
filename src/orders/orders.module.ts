import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GeoModule } from '@/geo/geo.module';
import { MenuModule } from '@/menu/menu.module';
import { PaymentsModule } from '@/payments/payments.module';
import { IdempotencyKey } from './entities/idempotency-key.entity';
import { OrderHistoryEntry } from './entities/order-history.entity';
import { OrderItem } from './entities/order-item.entity';
import { Order } from './entities/order.entity';
import { ClusterEventsBridge } from './cluster-events.bridge';
import { OrderEvents } from './order-events';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

@Module({
  imports: [TypeOrmModule.forFeature([Order, OrderItem, OrderHistoryEntry, IdempotencyKey]), MenuModule, GeoModule, PaymentsModule],
  controllers: [OrdersController],
  providers: [OrdersService, OrderEvents, ClusterEventsBridge],
  exports: [OrdersService, OrderEvents],
})
export class OrdersModule {}
