import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode } from '@/common/domain-error.js';
import type { OrderDto } from '@/orders/dto/order.dto.js';
import type { Order } from '@/orders/entities/order.entity.js';
import { OrdersService } from '@/orders/orders.service.js';
import { PaymentGateway, RefundFailure } from './payment-gateway.js';

/**
 * Refunds staff give (admin API, dashboard): in part or in full, with a reason, of a paid card order. The amount is
 * reserved on the order first, under its row lock (so two refunds at once can never give back more than was paid),
 * then the provider is asked with an idempotency key of its own; when the provider refuses or cannot be reached the
 * reservation is taken back and the history says so. A cancelled order's automatic refund (RefundsService) is not
 * mixed with these: staff refunds are refused while one is owed.
 */
@Injectable()
export class StaffRefunds {
  private readonly logger = new Logger(StaffRefunds.name);

  constructor(
    private readonly orders: OrdersService,
    private readonly gateway: PaymentGateway,
  ) {}

  async refund(orderId: string, request: { amountCents?: number; reason: string }, actor: string): Promise<OrderDto> {
    const reason = request.reason.trim();
    let amount = 0;
    let reference = '';
    let currency = '';
    await this.orders.changeRefundedAmount(orderId, actor, (current) => {
      const left = refundable(current, this.gateway.provider);
      amount = request.amountCents ?? left;
      if (amount > left) {
        throw new DomainError(
          ErrorCode.REFUND_EXCEEDS_PAYMENT,
          `Order ${current.orderNumber} has ${money(left, current.currency)} left to refund; ${money(amount, current.currency)} is more than that.`,
          { refundableCents: left },
        );
      }
      reference = current.paymentReference!;
      currency = current.currency.trim();
      return { refundedCents: current.refundedCents + amount, note: `Refund of ${money(amount, currency)}: ${reason}` };
    });
    const requestId = randomUUID();
    try {
      await this.gateway.refundPart(reference, { orderId, amountCents: amount, currency, requestId });
      this.logger.log(`Order ${orderId}: ${actor} refunded ${money(amount, currency)} (request ${requestId})`);
    } catch (err) {
      const failure = err instanceof RefundFailure ? err : new RefundFailure(err instanceof Error ? err.message : String(err), true);
      this.logger.warn(`Order ${orderId}: the refund of ${money(amount, currency)} by ${actor} failed: ${failure.reason}`);
      await this.orders.changeRefundedAmount(orderId, actor, (current) => ({
        refundedCents: Math.max(0, current.refundedCents - amount),
        note: `Refund of ${money(amount, currency)} not made: ${failure.reason}`,
      }));
      throw new DomainError(
        failure.retryable ? ErrorCode.PAYMENT_UNAVAILABLE : ErrorCode.PAYMENT_PROVIDER_REFUSED,
        failure.retryable
          ? 'The payment provider could not be reached; nothing was refunded. Please try again in a moment.'
          : `The payment provider refused the refund; nothing was refunded (${failure.reason}).`,
      );
    }
    return this.orders.findById(orderId);
  }
}

/** What is left to give back of the order's card payment; 409 ILLEGAL_TRANSITION when it cannot be refunded by staff. */
function refundable(order: Order, provider: string): number {
  const refuse = (why: string) =>
    new DomainError(ErrorCode.ILLEGAL_TRANSITION, `Order ${order.orderNumber} ${why}.`, { paymentStatus: order.paymentStatus });
  if (order.paymentMethod !== 'card') throw refuse('was not paid by card; give cash back by hand');
  if (order.paymentStatus === 'refunded') throw refuse('is refunded in full already');
  if (order.paymentStatus !== 'paid' && order.paymentStatus !== 'partially_refunded')
    throw refuse(`is not paid (payment is ${order.paymentStatus})`);
  if (order.refundStatus !== null) throw refuse('is cancelled and its refund is under way');
  if (order.paymentProvider !== provider || !order.paymentReference)
    throw refuse(`was paid through ${order.paymentProvider ?? 'no provider'}, not ${provider}`);
  return order.totalCents - order.refundedCents;
}

/** Minor units as a person reads them ($5.00; ¥500 for a currency without decimals). */
function money(cents: number, currency: string): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.trim() });
  return format.format(cents / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}
