import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import { Clock } from '@/common/clock.js';
import { DomainError, ErrorCode, NotFoundError } from '@/common/domain-error.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import { messageKindForStatus } from '@/notifications/message-templates.js';
import { OutboundMessagesRepository } from '@/notifications/outbound-messages.repository.js';
import type { Order } from './entities/order.entity.js';
import { orderEvent, OrderEvents } from './order-events.js';
import { canTransition, nextStatuses, OrderStatus, PaymentStatus } from './order-status.js';
import { OrdersRepository, RefundChange } from './orders.repository.js';
import { textFor } from './order-texts.js';

/** See `setPaymentStatus`: only use `tx` inside (PGlite serializes connections). */
export type PaymentChangeGuard = (tx: EntityManager, current: Order) => Promise<boolean>;

/** What `changeRefund` is to write: the refund's new state, and whether the payment is refunded with it. */
export interface RefundDecision {
  change: RefundChange;
  /** History note of the refund change. */
  note?: string;
  /** Set when the money is back now (the provider refunded at once): the payment becomes `refunded`, with this note. */
  paymentRefundedNote?: string;
}

/** A refund starts owed, due at once. */
const OWED: RefundChange = { status: 'pending', attempts: 0, lastError: null, nextAttemptInMs: 0 };

/**
 * Moves an order through its lifecycle and its payment states: each change locks the order, is checked,
 * kept in the history (who, when, from, to), writes the text it sends the customer (ready, out for delivery,
 * cancelled) and is announced once committed.
 */
@Injectable()
export class OrderStatusChanges {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly texts: OutboundMessagesRepository,
    private readonly events: OrderEvents,
    private readonly clock: Clock,
    @Inject(restaurantConfig.KEY) private readonly restaurant: ConfigType<typeof restaurantConfig>,
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
      if (to === 'cancelled') {
        await this.orders.releaseSlot(tx, current);
        await this.orders.noteLateCancellation(tx, current);
      }
      // In the same transaction as the cancel: the refund it owes cannot be lost to a crash or a provider outage.
      if (owesRefund(current)) await this.orders.recordRefundChange(tx, current, OWED, actor, 'Cancelled after paying by card');
      // The customer's text too (the outbox): decided with the change, sent after the commit by the notifications module.
      const kind = messageKindForStatus(to);
      const text = kind && textFor(kind, current, { restaurantName: this.restaurant.name, timezone: this.restaurant.timezone, now: at });
      if (text) await this.texts.queue(tx, text);
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
      // `current` carries the new payment status now (recordChange), so a payment landing on a cancelled order owes.
      if (owesRefund(current)) {
        // A payment that lands after the cancel (a late webhook, a Checkout paid after the order was cancelled).
        await this.orders.recordRefundChange(tx, current, OWED, actor, 'Paid after the order was cancelled');
      } else if (to === 'refunded' && current.refundStatus && current.refundStatus !== 'succeeded') {
        // The provider confirms the refund (charge.refunded), or staff refunded by hand at the provider: no more attempts.
        const done: RefundChange = {
          status: 'succeeded',
          attempts: current.refundAttempts,
          lastError: current.refundLastError,
          nextAttemptInMs: null,
        };
        await this.orders.recordRefundChange(tx, current, done, actor, note);
      }
      return { current, at };
    });
    if (changed) this.events.emit(orderEvent('order.payment', changed.current, changed.at));
  }

  /**
   * Moves the refund a cancelled order is owed (attempt outcomes, staff asking for a retry). `decide` sees the
   * locked order and returns the change, or null to leave it (e.g. another process recorded a newer outcome);
   * it may throw a DomainError to refuse. Announced as `order.payment` when the payment became refunded, else
   * as `order.refund`. Returns the order as changed, or null when nothing changed.
   */
  async changeRefund(id: string, actor: string, decide: (current: Order) => RefundDecision | null): Promise<Order | null> {
    let paymentChanged = false;
    const changed = await this.orders.transaction(async (tx) => {
      const current = await this.lockForUpdate(tx, id);
      const decision = decide(current);
      if (!decision) return null;
      const at = this.clock.now();
      if (
        decision.paymentRefundedNote !== undefined &&
        (current.paymentStatus === 'paid' || current.paymentStatus === 'partially_refunded')
      ) {
        await this.orders.recordChange(tx, current, { kind: 'payment', to: 'refunded', actor, note: decision.paymentRefundedNote, at });
        paymentChanged = true;
      }
      await this.orders.recordRefundChange(tx, current, decision.change, actor, decision.note);
      return { current, at };
    });
    if (changed) this.events.emit(orderEvent(paymentChanged ? 'order.payment' : 'order.refund', changed.current, changed.at));
    return changed?.current ?? null;
  }

  /**
   * Moves the amount given back of a paid card order (staff refunds, the provider's partial charge.refunded).
   * `decide` sees the locked order and returns the new amount and the history note, or null to leave it; it may
   * throw a DomainError to refuse. The payment becomes `partially_refunded`, `refunded` at the total, or `paid`
   * again at zero (a refund the provider refused after it was reserved). `guard` as in setPaymentStatus.
   */
  async changeRefundedAmount(
    id: string,
    actor: string,
    decide: (current: Order) => { refundedCents: number; note: string } | null,
    guard?: PaymentChangeGuard,
  ): Promise<Order | null> {
    const changed = await this.orders.transaction(async (tx) => {
      const current = await this.lockForUpdate(tx, id);
      if (guard && !(await guard(tx, current))) return null;
      const decision = decide(current);
      if (!decision || decision.refundedCents === current.refundedCents) return null;
      const at = this.clock.now();
      const to: PaymentStatus =
        decision.refundedCents >= current.totalCents ? 'refunded' : decision.refundedCents > 0 ? 'partially_refunded' : 'paid';
      await this.orders.recordRefundedCents(tx, current, decision.refundedCents, at);
      await this.orders.recordChange(tx, current, { kind: 'payment', to, actor, note: decision.note, at });
      return { current, at };
    });
    if (changed) this.events.emit(orderEvent('order.payment', changed.current, changed.at));
    return changed?.current ?? null;
  }

  private async lockForUpdate(tx: EntityManager, id: string): Promise<Order> {
    const order = await this.orders.lockForUpdate(tx, id);
    if (!order) throw new NotFoundError('Order');
    return order;
  }
}

/** A cancelled order whose card payment went through (and was not all given back), with no refund recorded yet, is owed one. */
function owesRefund(order: Order): boolean {
  const kept = order.paymentStatus === 'paid' || order.paymentStatus === 'partially_refunded';
  return order.status === 'cancelled' && kept && order.paymentMethod === 'card' && order.refundStatus === null;
}
