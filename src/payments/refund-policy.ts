import { DomainError, ErrorCode } from '@/common/domain-error.js';
import type { Order } from '@/orders/entities/order.entity.js';
import type { RefundDecision } from '@/orders/order-status-changes.service.js';
import type { RefundStatus } from '@/orders/order-status.js';
import type { RefundFailure, RefundResult } from './payment-gateway.js';

/** How long and how often a refund is asked for before a person is told (settings REFUND_*). */
export interface RefundRetryPolicy {
  /** Requests before the refund is shown as needing a person (REFUND_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** The wait after the first failed request (REFUND_RETRY_DELAY_MS); each next wait is RETRY_FACTOR times longer. */
  firstRetryDelayMs: number;
}

export const RETRY_FACTOR = 3;
/** No wait is longer than this, whatever the settings. */
export const MAX_RETRY_DELAY_MS = 12 * 3600 * 1000;

/** The wait after the `failedAttempts`-th failed request (1 = the first): exponential, capped. */
export function retryDelayMs(failedAttempts: number, policy: RefundRetryPolicy): number {
  return Math.min(policy.firstRetryDelayMs * RETRY_FACTOR ** (failedAttempts - 1), MAX_RETRY_DELAY_MS);
}

/** Every wait between the first request and the last one: how long a refund is retried before a person is told. */
export function retrySchedule(policy: RefundRetryPolicy): number[] {
  return Array.from({ length: Math.max(0, policy.maxAttempts - 1) }, (_, i) => retryDelayMs(i + 1, policy));
}

/**
 * Which refund moves are allowed. A refund starts `pending` (owed); an attempt ends `requested`, `retrying`,
 * `failed` or `succeeded`; staff may ask again (back to `pending`) unless it is requested or done; the provider's
 * confirmation (charge.refunded) ends any of them `succeeded`, which is final.
 */
const MOVES: Record<RefundStatus, readonly RefundStatus[]> = {
  pending: ['pending', 'requested', 'retrying', 'failed', 'succeeded'],
  retrying: ['pending', 'requested', 'retrying', 'failed', 'succeeded'],
  failed: ['pending', 'succeeded'],
  requested: ['succeeded'],
  succeeded: [],
};

export function canChangeRefund(from: RefundStatus | null, to: RefundStatus): boolean {
  return from === null ? to === 'pending' : MOVES[from].includes(to);
}

/** The refund's next state after request number `attempt` (1-based) ended with `outcome`. */
export function afterAttempt(attempt: number, outcome: RefundResult | RefundFailure, policy: RefundRetryPolicy): RefundDecision {
  if (outcome === 'refunded' || outcome === 'already-refunded') {
    const note = outcome === 'refunded' ? 'Refunded because the order was cancelled' : 'The payment provider had refunded it already';
    return { change: { status: 'succeeded', attempts: attempt, lastError: null, nextAttemptInMs: null }, note, paymentRefundedNote: note };
  }
  if (outcome === 'requested') {
    return {
      change: { status: 'requested', attempts: attempt, lastError: null, nextAttemptInMs: null },
      note: 'Refund requested; the payment provider confirms it when done',
    };
  }
  const { reason } = outcome;
  if (outcome.retryable && attempt < policy.maxAttempts) {
    return {
      change: { status: 'retrying', attempts: attempt, lastError: reason, nextAttemptInMs: retryDelayMs(attempt, policy) },
      note: `Attempt ${attempt} of ${policy.maxAttempts} failed: ${reason}`,
    };
  }
  const why = outcome.retryable ? `Gave up after ${attempt} attempt(s)` : 'Refused';
  return {
    change: { status: 'failed', attempts: attempt, lastError: reason, nextAttemptInMs: null },
    note: `${why}, refund by hand or retry: ${reason}`,
  };
}

/**
 * Whether the outcome of the attempt numbered `attempts` may still be recorded: not when the order has moved on
 * meanwhile (the provider's confirmation arrived, staff asked again and a newer attempt runs, or this attempt's
 * lease ran out and another process made the next one).
 */
export function isStillClaimed(current: Pick<Order, 'refundStatus' | 'refundAttempts'>, attempts: number): boolean {
  return (current.refundStatus === 'pending' || current.refundStatus === 'retrying') && current.refundAttempts === attempts;
}

/**
 * Staff asking for the refund again now: a fresh round of attempts, whose first one the asking request makes
 * itself: it is claimed in the same change (attempt 1, leased for `leaseMs`), so no sweeper takes it first.
 * 409 when there is nothing to retry.
 */
export function staffRetry(current: Pick<Order, 'orderNumber' | 'refundStatus' | 'refundLastError'>, leaseMs: number): RefundDecision {
  if (current.refundStatus === null || current.refundStatus === 'requested' || current.refundStatus === 'succeeded') {
    const state =
      current.refundStatus === null
        ? 'is owed no refund'
        : current.refundStatus === 'requested'
          ? 'has its refund requested already; the payment provider confirms it when done'
          : 'is refunded already';
    throw new DomainError(ErrorCode.ILLEGAL_TRANSITION, `Order ${current.orderNumber} ${state}.`, { refundStatus: current.refundStatus });
  }
  return {
    change: { status: 'pending', attempts: 1, lastError: current.refundLastError, nextAttemptInMs: leaseMs },
    note: 'Retry asked for by staff',
  };
}
