import { Module } from '@nestjs/common';
import { MockPaymentGateway } from './adapters/mock-payment-gateway';
import { PaymentGateway } from './payment-gateway';

@Module({
  providers: [{ provide: PaymentGateway, useClass: MockPaymentGateway }],
  exports: [PaymentGateway],
})
export class PaymentsModule {}
