import type { PaymentStatus } from '@/orders/order-status.js';

/**
 * Which payment moves a provider event (or the mock) may make. Events can arrive late and out of order, so:
 * a failed attempt may still be followed by a success (the customer tried another card), a paid order only
 * moves to (partially) refunded, a refund is final, and cash orders (unpaid) are never touched by the card provider.
 */
const ALLOWED: Record<PaymentStatus, PaymentStatus[]> = {
  unpaid: [],
  pending: ['paid', 'failed', 'refunded'],
  failed: ['paid', 'refunded'],
  paid: ['partially_refunded', 'refunded'],
  partially_refunded: ['refunded'],
  refunded: [],
};

export function canChangePayment(from: PaymentStatus, to: PaymentStatus): boolean {
  return ALLOWED[from].includes(to);
}
