import { Module } from '@nestjs/common';
import { OrdersModule } from '@/orders/orders.module.js';
import { OrderPageController } from './order-page.controller.js';

/** The customer's page of their order (where Stripe Checkout returns them). */
@Module({ imports: [OrdersModule], controllers: [OrderPageController] })
export class OrderPageModule {}
