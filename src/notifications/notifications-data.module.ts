import { Module } from '@nestjs/common';
import { OutboundMessagesRepository } from './outbound-messages.repository.js';

/**
 * The outbox and opt-out tables alone: OrdersModule writes a text in the transaction of the change that causes it,
 * and NotificationsModule (which needs OrdersModule) sends it.
 */
@Module({
  providers: [OutboundMessagesRepository],
  exports: [OutboundMessagesRepository],
})
export class NotificationsDataModule {}
