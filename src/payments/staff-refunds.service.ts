import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode } from '@/common/domain-error.js';
import type { OrderDto } from '@/orders/dto/order.dto.js';
import type { Order } from '@/orders/entities/order.entity.js';
import { OrdersService } from '@/orders/orders.service.js';
import { Sweeper } from '@/common/sweeper.js';
import { paymentsConfig } from '@/config/payments.config.js';
import { PaymentGateway, RefundFailure } from './payment-gateway.js';
import { StaffRefundRow, StaffRefundsRepository } from './staff-refunds.repository.js';

/** A refund left pending this long was cut short (its process died, or the provider did not answer): it is asked again. */
const STALE_MS = 60_000;
/** Attempts a refund gets (the first, then the sweeps') before it is given up and its amount given back. */
const MAX_ATTEMPTS = 8;

/**
 * Refunds staff give (admin API, dashboard): in part or in full, with a reason, of a paid card order. The amount is
 * reserved on the order under its row lock (so two refunds at once can never give back more than was paid), in the
 * same transaction as a `staff_refunds` row; then the provider is asked with an idempotency key made from that row.
 * When the provider refuses or cannot be reached, the reservation is taken back and the history says so. When the
 * process dies before the answer is written, the row stays pending and a sweep asks again with the same key, so the
 * money moves once. A client's `requestId` answers a repeated request with the refund already given. A cancelled
 * order's automatic refund (RefundsService) is not mixed with these: staff refunds are refused while one is owed.
 */
@Injectable()
export class StaffRefunds implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(StaffRefunds.name);
  private readonly sweeper: Sweeper;

  constructor(
    private readonly orders: OrdersService,
    private readonly gateway: PaymentGateway,
    private readonly rows: StaffRefundsRepository,
    @Inject(paymentsConfig.KEY) config: ConfigType<typeof paymentsConfig>,
  ) {
    this.sweeper = new Sweeper('Staff refund sweep', config.refundSweepMs, () => this.sweepStale(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.sweeper.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sweeper.stop();
  }

  async refund(orderId: string, request: { amountCents?: number; reason: string; requestId?: string }, actor: string): Promise<OrderDto> {
    const reason = request.reason.trim();
    let row: StaffRefundRow | null = null;
    await this.orders.changeRefundedAmount(
      orderId,
      actor,
      (current) =>
        row && {
          refundedCents: current.refundedCents + row.amountCents,
          note: `Refund of ${money(row.amountCents, row.currency)}: ${reason}`,
        },
      async (tx, current) => {
        // The order is locked: a repeat of the same request waits here, then finds the first one's row.
        if (request.requestId && (await this.rows.exists(tx, orderId, request.requestId))) return false;
        const left = refundable(current, this.gateway.provider);
        const amount = request.amountCents ?? left;
        if (amount > left) {
          throw new DomainError(
            ErrorCode.REFUND_EXCEEDS_PAYMENT,
            `Order ${current.orderNumber} has ${money(left, current.currency)} left to refund; ${money(amount, current.currency)} is more than that.`,
            { refundableCents: left },
          );
        }
        row = {
          id: randomUUID(),
          orderId,
          amountCents: amount,
          currency: current.currency.trim(),
          paymentReference: current.paymentReference!,
          reason,
          actor,
          attempts: 1,
        };
        await this.rows.insert(tx, row, request.requestId ?? null);
        return true;
      },
    );
    if (row) {
      const failure = await this.attempt(row, true);
      if (failure) {
        throw new DomainError(
          failure.retryable ? ErrorCode.PAYMENT_UNAVAILABLE : ErrorCode.PAYMENT_PROVIDER_REFUSED,
          failure.retryable
            ? 'The payment provider could not be reached; nothing was refunded. Please try again in a moment.'
            : `The payment provider refused the refund; nothing was refunded (${failure.reason}).`,
        );
      }
    }
    return this.orders.findById(orderId);
  }

  /** Asks again for the refunds left pending (see STALE_MS) and resolves when that is done. */
  async finishStale(): Promise<void> {
    this.sweeper.kick();
    await this.sweeper.idle();
  }

  private async sweepStale(): Promise<void> {
    for (const row of await this.rows.claimStale(STALE_MS, 20)) await this.attempt(row, row.attempts >= MAX_ATTEMPTS);
  }

  /**
   * Asks the provider for `row` with its own idempotency key. Done: the row is succeeded. Refused, or not reached when
   * `giveUpIfNotReached`: the row fails and its amount is given back, and the failure is returned. Not reached
   * otherwise: the row stays pending for the next sweep.
   */
  private async attempt(row: StaffRefundRow, giveUpIfNotReached: boolean): Promise<RefundFailure | null> {
    const amount = money(row.amountCents, row.currency);
    try {
      await this.gateway.refundPart(row.paymentReference, {
        orderId: row.orderId,
        amountCents: row.amountCents,
        currency: row.currency,
        requestId: row.id,
      });
      await this.rows.markSucceeded(row.id);
      this.logger.log(`Order ${row.orderId}: ${row.actor} refunded ${amount} (request ${row.id}, attempt ${row.attempts})`);
      return null;
    } catch (err) {
      const failure = err instanceof RefundFailure ? err : new RefundFailure(err instanceof Error ? err.message : String(err), true);
      this.logger.warn(`Order ${row.orderId}: the refund of ${amount} by ${row.actor} failed: ${failure.reason}`);
      if (failure.retryable && !giveUpIfNotReached) return failure;
      await this.orders.changeRefundedAmount(
        row.orderId,
        row.actor,
        (current) => ({
          refundedCents: Math.max(0, current.refundedCents - row.amountCents),
          note: `Refund of ${amount} not made: ${failure.reason}`,
        }),
        (tx) => this.rows.markFailed(tx, row.id, failure.reason),
      );
      return failure;
    }
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
