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

/**
 * Port: takes card payments. The mock runs in development; Stripe in staging and production. Implementations
 * throw DomainError PAYMENT_PROVIDER_REFUSED or PAYMENT_UNAVAILABLE (readable message) when the provider cannot take the payment.
 */
export abstract class PaymentGateway {
  abstract readonly provider: string;
  /** Web and mobile get a PaymentIntent (`clientSecret`); voice gets a hosted checkout link (`checkoutUrl`). */
  abstract startPayment(request: PaymentRequest): Promise<PaymentStart>;
  /**
   * Refunds a payment in full. Returns 'refunded' when the refund is final now (mock), 'requested' when the
   * provider reports the outcome later by webhook (Stripe's charge.refunded).
   */
  abstract refund(reference: string, orderId: string): Promise<'refunded' | 'requested'>;
}
