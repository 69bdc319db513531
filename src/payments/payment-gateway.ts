import type { Channel } from '@/orders/order-status.js';

export interface PaymentRequest {
  orderId: string;
  orderNumber: string;
  amountCents: number;
  currency: string;
  channel: Channel;
  customerPhone: string;
  description: string;
}

export interface PaymentStart {
  provider: string;
  reference: string;
  clientSecret?: string;
  checkoutUrl?: string;
}

/** How a refund request ended when it did not: `retryable` when asking again later may work (outage, timeout). */
export class RefundFailure extends Error {
  constructor(
    readonly reason: string,
    readonly retryable: boolean,
  ) {
    super(reason);
    this.name = 'RefundFailure';
  }
}

/**
 * `refunded`: final now (mock). `requested`: the provider took it and reports the outcome later (Stripe's
 * charge.refunded). `already-refunded`: the provider says the payment was refunded before (an earlier attempt
 * whose answer was lost, or staff refunding by hand).
 */
export type RefundResult = 'refunded' | 'requested' | 'already-refunded';

/**
 * Port: takes card payments. The mock runs in development; Stripe in staging and production. Implementations
 * throw DomainError PAYMENT_PROVIDER_REFUSED or PAYMENT_UNAVAILABLE (readable message) when the provider cannot take the payment.
 */
export abstract class PaymentGateway {
  abstract readonly provider: string;
  /** Web and mobile get a PaymentIntent (`clientSecret`); voice gets a hosted checkout link (`checkoutUrl`). */
  abstract startPayment(request: PaymentRequest): Promise<PaymentStart>;
  /**
   * Refunds a payment in full; throws RefundFailure when it could not. Every call for one order carries the same
   * idempotency key, so asking again after a failure or a timeout never refunds twice.
   */
  abstract refund(reference: string, orderId: string): Promise<RefundResult>;
  /**
   * Gives `amountCents` of a payment back (a refund by staff, in part or in full); throws RefundFailure when it could
   * not. Every call with one `requestId` carries the same idempotency key, so the SDK's retries refund once.
   */
  abstract refundPart(reference: string, request: PartRefundRequest): Promise<void>;
}

export interface PartRefundRequest {
  orderId: string;
  amountCents: number;
  currency: string;
  /** One refund asked for by staff: its idempotency key. */
  requestId: string;
}
