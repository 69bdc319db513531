import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyKey } from './entities/idempotency-key.entity.js';
import { OrderHistoryEntry } from './entities/order-history.entity.js';
import { OrderItem } from './entities/order-item.entity.js';
import { Order } from './entities/order.entity.js';
import { OrdersRepository } from './orders.repository.js';

/**
 * The orders tables and the one class that reads and writes them. A module of its own so that the export
 * worker can read orders without the order-taking services (menu, payments, geo, the cluster event listener)
 * that OrdersModule brings; OrdersModule imports and re-exports it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Order, OrderItem, OrderHistoryEntry, IdempotencyKey])],
  providers: [OrdersRepository],
  exports: [OrdersRepository],
})
export class OrdersDataModule {}
