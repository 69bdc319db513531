import type { Channel } from '@/orders/order-status';

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

/** Port: takes card payments. The mock runs in development; Stripe in staging and production. */
export abstract class PaymentGateway {
  abstract readonly provider: string;
  abstract startPayment(request: PaymentRequest): Promise<PaymentStart>;
}
