import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '@/config/app.config.js';
import type { PaymentsConfig } from '@/config/payments.config.js';
import { MockPaymentGateway } from './adapters/mock-payment-gateway.js';
import { StripePaymentGateway } from './adapters/stripe-payment-gateway.js';
import { PaymentGateway } from './payment-gateway.js';

/** PAYMENTS_DRIVER (default: mock in development, stripe in staging/production) picks the gateway. */
@Module({
  providers: [
    {
      provide: PaymentGateway,
      inject: [ConfigService],
      useFactory: (config: ConfigService): PaymentGateway => {
        const payments = config.getOrThrow<PaymentsConfig>('payments');
        if (payments.driver === 'mock') return new MockPaymentGateway();
        const app = config.getOrThrow<AppConfig>('app');
        return new StripePaymentGateway({
          config: payments,
          successUrl: payments.checkoutSuccessUrl ?? `${app.publicBaseUrl}/api/orders/{ORDER_ID}`,
        });
      },
    },
  ],
  exports: [PaymentGateway],
})
export class PaymentsModule {}
