import { Injectable } from '@nestjs/common';
import type { OrderDto } from '@/orders/dto/order.dto.js';
import { OrdersService } from '@/orders/orders.service.js';
import { RefundsService } from './refunds.service.js';

export interface RefundsAttention {
  /** How many refunds failed for good. */
  total: number;
  /** The most recent of them (up to 50), newest first. */
  orders: OrderDto[];
}

/** The dashboard's refund alert: what failed for good, and staff's "retry refund now". */
@Injectable()
export class RefundsDashboardProvider {
  constructor(
    private readonly orders: OrdersService,
    private readonly refunds: RefundsService,
  ) {}

  needingAttention(): Promise<RefundsAttention> {
    return this.orders.refundsNeedingAttention(50);
  }

  retryNow(orderId: string, user: string): Promise<OrderDto> {
    return this.refunds.retryNow(orderId, `dashboard:${user}`);
  }
}
