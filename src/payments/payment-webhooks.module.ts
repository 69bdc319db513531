import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrdersModule } from '@/orders/orders.module.js';
import { PaymentEvent } from './entities/payment-event.entity.js';
import { CheckoutExpiry } from './checkout-expiry.service.js';
import { MockDriverOnlyGuard, MockPaymentsController } from './mock-payments.controller.js';
import { PaymentEventsRepository } from './payment-events.repository.js';
import { PaymentsModule } from './payments.module.js';
import { RefundsModule } from './refunds.module.js';
import { StripeWebhookController } from './stripe-webhook.controller.js';
import { StripeWebhookService } from './stripe-webhook.service.js';

/**
 * Payment outcomes flowing back into orders (Stripe webhooks, the development mock, refunds of cancelled orders).
 * Separate from PaymentsModule because it needs OrdersModule, which itself needs the gateway.
 */
@Module({
  imports: [TypeOrmModule.forFeature([PaymentEvent]), OrdersModule, PaymentsModule, RefundsModule],
  controllers: [StripeWebhookController, MockPaymentsController],
  providers: [PaymentEventsRepository, StripeWebhookService, MockDriverOnlyGuard, CheckoutExpiry],
})
export class PaymentWebhooksModule {}
