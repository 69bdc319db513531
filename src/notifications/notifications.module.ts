import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { notificationsConfig } from '@/config/notifications.config.js';
import { OrdersModule } from '@/orders/orders.module.js';
import { MockNotifier } from './adapters/mock-notifier.js';
import { TwilioNotifier } from './adapters/twilio-notifier.js';
import { NotificationsDataModule } from './notifications-data.module.js';
import { Notifier } from './notifier.js';
import { TextSender } from './text-sender.service.js';
import { TwilioWebhookController } from './twilio-webhook.controller.js';
import { TwilioWebhookService } from './twilio-webhook.service.js';

/**
 * Texts to customers: the Notifier (NOTIFIER_DRIVER, default mock in development and twilio in staging and
 * production), the sender that empties the outbox in every API process, and Twilio's inbound webhook (STOP/START).
 */
@Module({
  imports: [OrdersModule, NotificationsDataModule],
  controllers: [TwilioWebhookController],
  providers: [
    {
      provide: Notifier,
      inject: [notificationsConfig.KEY],
      useFactory: (config: ConfigType<typeof notificationsConfig>): Notifier =>
        config.driver === 'twilio' ? new TwilioNotifier(config) : new MockNotifier(),
    },
    TextSender,
    TwilioWebhookService,
  ],
  exports: [Notifier],
})
export class NotificationsModule {}
