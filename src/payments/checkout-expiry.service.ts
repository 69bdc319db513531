import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@/common/domain-error.js';
import type { OrderDto } from '@/orders/dto/order.dto.js';
import { canTransition, type PaymentStatus } from '@/orders/order-status.js';
import { OrdersService } from '@/orders/orders.service.js';

/** Payment states in which an expired payment link leaves the order owing everything. */
const UNPAID: readonly PaymentStatus[] = ['pending', 'failed'];

/**
 * A card payment link that ran out unpaid (Stripe's checkout.session.expired at PAYMENT_EXPIRY_MINUTES, or the
 * development mock's `expire`) cancels its order, so an unpaid phone order leaves the board. The cancel goes through
 * the ordinary status change, which announces it (and tells the customer) like any other cancel. Safe to repeat:
 * an order that is paid, refunded, cancelled or past the point of cancelling is left as it is.
 */
@Injectable()
export class CheckoutExpiry {
  private readonly logger = new Logger(CheckoutExpiry.name);

  constructor(private readonly orders: OrdersService) {}

  /** Returns the order as it is afterwards. */
  async cancelUnpaid(orderId: string, actor: string): Promise<OrderDto> {
    const order = await this.orders.findById(orderId);
    if (order.paymentMethod !== 'card' || !UNPAID.includes(order.paymentStatus)) return order;
    if (!canTransition(order.status, 'cancelled', order.fulfillment)) {
      if (order.status !== 'cancelled') this.logger.warn(`Order ${order.orderNumber}'s payment link expired unpaid; it is ${order.status}`);
      return order;
    }
    try {
      const cancelled = await this.orders.changeStatus(orderId, 'cancelled', actor);
      this.logger.log(`Order ${order.orderNumber} cancelled: its payment link expired unpaid`);
      return cancelled;
    } catch (err) {
      // Moved on meanwhile (cancelled by staff, or past preparing): that state stands.
      if (err instanceof DomainError && err.code === ErrorCode.ILLEGAL_TRANSITION) return this.orders.findById(orderId);
      throw err;
    }
  }
}
