import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock } from '@/common/clock.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import { OrdersService } from '@/orders/orders.service.js';
import { renderMessage } from './message-templates.js';
import { OutboundMessagesRepository } from './outbound-messages.repository.js';
import { TextSender } from './text-sender.service.js';

/** What other modules ask of texts. The order and status texts are written by the orders module itself. */
@Injectable()
export class TextMessages {
  constructor(
    private readonly orders: OrdersService,
    private readonly texts: OutboundMessagesRepository,
    private readonly sender: TextSender,
    private readonly clock: Clock,
    @Inject(restaurantConfig.KEY) private readonly restaurant: ConfigType<typeof restaurantConfig>,
  ) {}

  /**
   * Texts the customer the order's payment link (a voice order's Checkout URL), once per order. False when the
   * order has no link or the text was queued before. NOT_FOUND for an unknown order.
   */
  async queuePaymentLink(orderId: string): Promise<boolean> {
    const order = await this.orders.findById(orderId);
    const body = renderMessage(
      'payment_link',
      {
        orderNumber: order.orderNumber,
        fulfillment: order.fulfillment,
        totalCents: order.totalCents,
        currency: order.currency,
        paymentStatus: order.paymentStatus,
        promisedAt: order.promisedAt ? new Date(order.promisedAt) : null,
        checkoutUrl: order.payment.checkoutUrl,
      },
      { restaurantName: this.restaurant.name, timezone: this.restaurant.timezone, now: this.clock.now() },
    );
    if (body === null) return false;
    const queued = await this.texts.queue(null, { orderId, toPhone: order.customerPhone, kind: 'payment_link', body });
    if (queued) this.sender.kick();
    return queued;
  }
}
