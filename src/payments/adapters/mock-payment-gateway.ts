import { Injectable } from '@nestjs/common';
import { PaymentGateway, PaymentRequest, PaymentStart } from '../payment-gateway.js';

/**
 * Deterministic fake payments for development and tests: same shapes as Stripe, no network. A mock payment is
 * marked paid (or failed) with POST /api/payments/mock/:orderId/pay (see MockPaymentsController).
 */
@Injectable()
export class MockPaymentGateway extends PaymentGateway {
  readonly provider = 'mock';

  async startPayment(request: PaymentRequest): Promise<PaymentStart> {
    const id = request.orderId.replace(/-/g, '').slice(0, 24);
    if (request.channel === 'voice') {
      return { provider: this.provider, reference: `cs_mock_${id}`, checkoutUrl: `https://checkout.mock.local/pay/cs_mock_${id}` };
    }
    return { provider: this.provider, reference: `pi_mock_${id}`, clientSecret: `pi_mock_${id}_secret_mock` };
  }

  async refund(): Promise<'refunded'> {
    return 'refunded';
  }

  async refundPart(): Promise<void> {}
}
