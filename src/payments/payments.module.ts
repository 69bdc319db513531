import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock } from '@/common/clock.js';
import { appConfig } from '@/config/app.config.js';
import { paymentsConfig } from '@/config/payments.config.js';
import { MockPaymentGateway } from './adapters/mock-payment-gateway.js';
import { StripePaymentGateway } from './adapters/stripe-payment-gateway.js';
import { PaymentGateway } from './payment-gateway.js';

/** PAYMENTS_DRIVER (default: mock in development, stripe in staging/production) picks the gateway. */
@Module({
  providers: [
    {
      provide: PaymentGateway,
      inject: [paymentsConfig.KEY, appConfig.KEY, Clock],
      useFactory: (payments: ConfigType<typeof paymentsConfig>, app: ConfigType<typeof appConfig>, clock: Clock): PaymentGateway => {
        if (payments.driver === 'mock') return new MockPaymentGateway();
        return new StripePaymentGateway({
          config: payments,
          // The order's page for people (OrderPageController), not the API's JSON.
          successUrl: payments.checkoutSuccessUrl ?? `${app.publicBaseUrl}/orders/{ORDER_ID}`,
          now: () => clock.now(),
        });
      },
    },
  ],
  exports: [PaymentGateway],
})
export class PaymentsModule {}
