import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@/common/clock.js';
import { DomainError, ErrorCode, NotFoundError } from '@/common/domain-error.js';
import type { Order } from './entities/order.entity.js';
import { orderEvent, OrderEvents } from './order-events.js';
import { canTransition, nextStatuses, OrderStatus, PaymentStatus } from './order-status.js';
import { OrdersRepository } from './orders.repository.js';

/** See `setPaymentStatus`: only use `tx` inside (PGlite serializes connections). */
export type PaymentChangeGuard = (tx: EntityManager, current: Order) => Promise<boolean>;

/**
 * Moves an order through its lifecycle and its payment states: each change locks the order, is checked,
 * kept in the history (who, when, from, to) and announced once committed.
 */
@Injectable()
export class OrderStatusChanges {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly events: OrderEvents,
    private readonly clock: Clock,
  ) {}

  /** ILLEGAL_TRANSITION when the lifecycle does not allow the move from the current status. */
  async changeStatus(id: string, to: OrderStatus, actor: string): Promise<void> {
    const order = await this.orders.transaction(async (tx) => {
      const current = await this.lockForUpdate(tx, id);
      if (!canTransition(current.status, to, current.fulfillment)) {
        const allowed = nextStatuses(current.status, current.fulfillment);
        throw new DomainError(
          ErrorCode.ILLEGAL_TRANSITION,
          `Order ${current.orderNumber} is ${current.status.replace(/_/g, ' ')}; ` +
            (allowed.length ? `it can move to ${allowed.join(' or ').replace(/_/g, ' ')}.` : 'it cannot change any more.'),
          { currentStatus: current.status, allowed },
        );
      }
      const at = this.clock.now();
      await this.orders.recordChange(tx, current, { kind: 'status', to, actor, at });
      return { current, at };
    });
    this.events.emit(orderEvent('order.status', order.current, order.at));
  }

  /**
   * Applies a payment outcome (webhooks, the mock "mark paid"); a repeat of the current status changes nothing.
   * `guard` runs first inside the same transaction, with the order row locked: it may write its own rows (the
   * payments module records the provider's event id there, so a redelivered event applies once) and returns
   * false to leave the order as it is.
   */
  async setPaymentStatus(id: string, to: PaymentStatus, actor: string, note?: string, guard?: PaymentChangeGuard): Promise<void> {
    const changed = await this.orders.transaction(async (tx) => {
      const current = await this.lockForUpdate(tx, id);
      if (guard && !(await guard(tx, current))) return null;
      if (current.paymentStatus === to) return null;
      const at = this.clock.now();
      await this.orders.recordChange(tx, current, { kind: 'payment', to, actor, note, at });
      return { current, at };
    });
    if (changed) this.events.emit(orderEvent('order.payment', changed.current, changed.at));
  }

  private async lockForUpdate(tx: EntityManager, id: string): Promise<Order> {
    const order = await this.orders.lockForUpdate(tx, id);
    if (!order) throw new NotFoundError('Order');
    return order;
  }
}
