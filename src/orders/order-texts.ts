import type { MessageContext, MessageKind } from '@/notifications/message-templates.js';
import { renderMessage } from '@/notifications/message-templates.js';
import type { QueuedText } from '@/notifications/outbound-messages.repository.js';
import type { Order } from './entities/order.entity.js';

/** The text of `kind` an order's customer is to get now, or null when that kind says nothing for this order. */
export function textFor(kind: MessageKind, order: Order, ctx: MessageContext): QueuedText | null {
  const body = renderMessage(
    kind,
    {
      orderNumber: order.orderNumber,
      fulfillment: order.fulfillment,
      totalCents: order.totalCents,
      currency: order.currency.trim(),
      paymentStatus: order.paymentStatus,
      promisedAt: order.promisedAt,
      checkoutUrl: order.checkoutUrl,
    },
    ctx,
  );
  return body === null ? null : { orderId: order.id, toPhone: order.customerPhone, kind, body };
}
