import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { filter, Subscription } from 'rxjs';
import { Sweeper } from '@/common/sweeper.js';
import { paymentsConfig } from '@/config/payments.config.js';
import type { OrderDto } from '@/orders/dto/order.dto.js';
import { OrderEvents } from '@/orders/order-events.js';
import type { ClaimedRefund } from '@/orders/orders.repository.js';
import { OrdersService } from '@/orders/orders.service.js';
import { PaymentGateway, RefundFailure, RefundResult } from './payment-gateway.js';
import { afterAttempt, canChangeRefund, isStillClaimed, RefundRetryPolicy, staffRetry } from './refund-policy.js';

/** Refunds claimed per database round trip; a sweep takes batches until none is due. */
const BATCH = 20;
/** The history actor of the automatic attempts. */
const ACTOR = 'refunds';

/**
 * Gets the money of cancelled card orders back. Cancelling a paid order records the refund it owes in the same
 * transaction (`OrderStatusChanges`); this asks the payment provider for it at once and, when that fails,
 * again with exponential backoff (RefundRetryPolicy), every request for one order with the same idempotency key.
 * The schedule lives in the database, not in this process: every API process sweeps the refunds that are due
 * (at start, every REFUND_SWEEP_MS, and at once after a cancel it made), each claimed by one process with
 * `FOR UPDATE SKIP LOCKED` and a lease, so restarts lose nothing and replicas never ask twice at once. When the
 * attempts are used up, or the provider refuses, the order shows "needs attention" (API and dashboard).
 */
@Injectable()
export class RefundsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Refunds');
  private readonly policy: RefundRetryPolicy;
  private readonly sweeper: Sweeper;
  /** Longer than one request can take with the SDK's own retries: then the refund is due again. */
  private readonly leaseMs: number;
  private subscription: Subscription | null = null;

  constructor(
    private readonly events: OrderEvents,
    private readonly orders: OrdersService,
    private readonly gateway: PaymentGateway,
    @Inject(paymentsConfig.KEY) config: ConfigType<typeof paymentsConfig>,
  ) {
    this.policy = { maxAttempts: config.refundMaxAttempts, firstRetryDelayMs: config.refundRetryDelayMs };
    this.sweeper = new Sweeper('Refund sweep', config.refundSweepMs, () => this.sweep(), this.logger);
    this.leaseMs = 3 * config.stripeTimeoutMs + 30_000;
  }

  onApplicationBootstrap(): void {
    // A cancel of a paid order (or a payment landing on a cancelled one) made by this process: ask at once.
    this.subscription = this.events.stream
      .pipe(
        filter(
          (e) =>
            (e.type === 'order.status' || e.type === 'order.payment') &&
            e.status === 'cancelled' &&
            (e.paymentStatus === 'paid' || e.paymentStatus === 'partially_refunded'),
        ),
      )
      .subscribe(() => this.kick());
    this.sweeper.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    // An attempt cut short here is due again when its lease ends, on whichever process sweeps first.
    await this.sweeper.stop();
  }

  /** Sweeps now, or once more when the sweep running now is done. */
  kick(): void {
    this.sweeper.kick();
  }

  /** Asks for every refund due now, one claimed batch after another; returns how many requests it made. */
  async sweep(): Promise<number> {
    let made = 0;
    for (;;) {
      const claimed = await this.orders.claimDueRefunds(BATCH, this.leaseMs);
      for (const refund of claimed) {
        await this.attempt(refund);
        made++;
      }
      if (claimed.length < BATCH || this.sweeper.stopping) return made;
    }
  }

  /**
   * Staff asking for the refund again (dashboard): a fresh round of attempts, the first one now, in this request
   * (claimed with the change, see staffRetry). 409 ILLEGAL_TRANSITION when the order owes no refund, or it is
   * requested or done already.
   */
  async retryNow(orderId: string, actor: string): Promise<OrderDto> {
    const order = await this.orders.changeRefund(orderId, actor, (current) => staffRetry(current, this.leaseMs));
    if (!order) return this.orders.findById(orderId);
    await this.attempt({
      id: order.id,
      orderNumber: order.orderNumber,
      paymentStatus: order.paymentStatus,
      paymentProvider: order.payment.provider === 'none' ? null : order.payment.provider,
      paymentReference: order.payment.reference ?? null,
      attempts: 1,
    });
    return this.orders.findById(orderId);
  }

  private async attempt(claimed: ClaimedRefund): Promise<void> {
    const outcome = await this.request(claimed);
    const decision = afterAttempt(claimed.attempts, outcome, this.policy);
    let recorded: OrderDto | null;
    try {
      recorded = await this.orders.changeRefund(claimed.id, ACTOR, (current) =>
        isStillClaimed(current, claimed.attempts) && canChangeRefund(current.refundStatus, decision.change.status) ? decision : null,
      );
    } catch (err) {
      // The lease runs out and the refund is asked for again, with the same idempotency key.
      this.logger.error(`Could not record the refund attempt of order ${claimed.orderNumber}: ${messageOf(err)}`);
      return;
    }
    if (!recorded) return; // the order moved on meanwhile (confirmed, or retried by staff): that state stands
    const what = `Refund of cancelled order ${claimed.orderNumber} (attempt ${claimed.attempts} of ${this.policy.maxAttempts})`;
    const status = decision.change.status;
    if (status === 'failed') this.logger.error(`${what} failed for good; a person must refund it: ${decision.change.lastError}`);
    else if (status === 'retrying')
      this.logger.warn(`${what} failed, retried in ${decision.change.nextAttemptInMs} ms: ${decision.change.lastError}`);
    else this.logger.log(`${what}: ${status}`);
  }

  /** One request to the provider; never throws. */
  private async request(claimed: ClaimedRefund): Promise<RefundResult | RefundFailure> {
    if (claimed.paymentStatus === 'refunded') return 'already-refunded';
    if (!claimed.paymentReference || claimed.paymentProvider !== this.gateway.provider) {
      return new RefundFailure(
        `Paid through ${claimed.paymentProvider ?? 'an unknown provider'}, which this server does not use (${this.gateway.provider}): refund it there by hand.`,
        false,
      );
    }
    try {
      return await this.gateway.refund(claimed.paymentReference, claimed.id);
    } catch (err) {
      return err instanceof RefundFailure ? err : new RefundFailure(`Refund request failed: ${messageOf(err)}`, true);
    }
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
