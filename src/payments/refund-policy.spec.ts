import { DomainError } from '@/common/domain-error.js';
import { REFUND_STATUSES, RefundStatus } from '@/orders/order-status.js';
import { RefundFailure } from './payment-gateway.js';
import {
  afterAttempt,
  canChangeRefund,
  isStillClaimed,
  MAX_RETRY_DELAY_MS,
  retryDelayMs,
  retrySchedule,
  staffRetry,
} from './refund-policy.js';

const MINUTE = 60_000;
const defaults = { maxAttempts: 8, firstRetryDelayMs: MINUTE };

describe('refund retry schedule', () => {
  it('waits the first delay after the first failure, then three times longer each time', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, defaults))).toEqual([1, 3, 9, 27].map((m) => m * MINUTE));
  });

  it('never waits longer than 12 hours, however many attempts are allowed', () => {
    expect(retryDelayMs(8, defaults)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(40, { maxAttempts: 50, firstRetryDelayMs: MINUTE })).toBe(12 * 60 * MINUTE);
  });

  it('with the defaults makes 8 requests over about 18 hours before a person is told', () => {
    const waits = retrySchedule(defaults);
    expect(waits).toEqual([1, 3, 9, 27, 81, 243, 720].map((m) => m * MINUTE));
    const hours = waits.reduce((a, b) => a + b, 0) / (60 * MINUTE);
    expect(hours).toBeGreaterThan(17);
    expect(hours).toBeLessThan(19);
  });

  it('has no wait when one attempt is all there is', () => {
    expect(retrySchedule({ maxAttempts: 1, firstRetryDelayMs: MINUTE })).toEqual([]);
  });
});

describe('refund state after an attempt', () => {
  const policy = { maxAttempts: 3, firstRetryDelayMs: 100 };
  const down = new RefundFailure('Stripe did not answer: timeout', true);

  it('retries a retryable failure with the backoff delay, keeping the reason for staff', () => {
    expect(afterAttempt(1, down, policy)).toEqual({
      change: { status: 'retrying', attempts: 1, lastError: 'Stripe did not answer: timeout', nextAttemptInMs: 100 },
      note: 'Attempt 1 of 3 failed: Stripe did not answer: timeout',
    });
    expect(afterAttempt(2, down, policy).change).toMatchObject({ status: 'retrying', nextAttemptInMs: 300 });
  });

  it('gives up after the last attempt: failed, not due again, the reason kept', () => {
    const last = afterAttempt(3, down, policy);
    expect(last.change).toEqual({ status: 'failed', attempts: 3, lastError: 'Stripe did not answer: timeout', nextAttemptInMs: null });
    expect(last.note).toContain('Gave up after 3 attempt(s)');
  });

  it('gives up at once when the provider refuses (asking again with the same key gets the same answer)', () => {
    const refused = afterAttempt(1, new RefundFailure('Stripe refused the refund: charge is disputed (charge_disputed)', false), policy);
    expect(refused.change).toMatchObject({ status: 'failed', attempts: 1, nextAttemptInMs: null });
    expect(refused.note).toMatch(/^Refused/);
  });

  it('waits for the provider to confirm a requested refund, and refunds the payment when it is final now', () => {
    expect(afterAttempt(2, 'requested', policy)).toMatchObject({
      change: { status: 'requested', attempts: 2, lastError: null, nextAttemptInMs: null },
    });
    expect(afterAttempt(2, 'requested', policy).paymentRefundedNote).toBeUndefined();
    for (const final of ['refunded', 'already-refunded'] as const) {
      const done = afterAttempt(1, final, policy);
      expect(done.change).toEqual({ status: 'succeeded', attempts: 1, lastError: null, nextAttemptInMs: null });
      expect(done.paymentRefundedNote).toEqual(expect.any(String));
    }
  });
});

describe('refund transitions', () => {
  const table: Record<string, RefundStatus[]> = {
    null: ['pending'],
    pending: ['pending', 'requested', 'retrying', 'failed', 'succeeded'],
    retrying: ['pending', 'requested', 'retrying', 'failed', 'succeeded'],
    failed: ['pending', 'succeeded'],
    requested: ['succeeded'],
    succeeded: [],
  };

  it.each(Object.entries(table))('from %s allows exactly %j', (from, allowed) => {
    const start = from === 'null' ? null : (from as RefundStatus);
    expect(REFUND_STATUSES.filter((to) => canChangeRefund(start, to))).toEqual(allowed);
  });

  it('records an outcome only while the order still shows that attempt in progress', () => {
    expect(isStillClaimed({ refundStatus: 'retrying', refundAttempts: 2 }, 2)).toBe(true);
    expect(isStillClaimed({ refundStatus: 'pending', refundAttempts: 1 }, 1)).toBe(true);
    // Staff asked again meanwhile (attempts start over), or the lease ran out and another process asked.
    expect(isStillClaimed({ refundStatus: 'pending', refundAttempts: 0 }, 2)).toBe(false);
    expect(isStillClaimed({ refundStatus: 'retrying', refundAttempts: 3 }, 2)).toBe(false);
    // The provider's confirmation (charge.refunded) arrived first.
    expect(isStillClaimed({ refundStatus: 'succeeded', refundAttempts: 2 }, 2)).toBe(false);
  });

  it('lets staff retry a pending, retrying or failed refund from scratch (its first attempt claimed at once), and nothing else', () => {
    const order = (refundStatus: RefundStatus | null) => ({ orderNumber: 'A-1042', refundStatus, refundLastError: 'boom' });
    for (const from of ['pending', 'retrying', 'failed'] as const) {
      expect(staffRetry(order(from), 39_000)).toEqual({
        change: { status: 'pending', attempts: 1, lastError: 'boom', nextAttemptInMs: 39_000 },
        note: 'Retry asked for by staff',
      });
    }
    for (const from of [null, 'requested', 'succeeded'] as const) {
      expect(() => staffRetry(order(from), 39_000)).toThrow(DomainError);
    }
  });
});
