import { formatMoney } from '@/common/money.js';
import type { Fulfillment, OrderStatus, PaymentStatus } from '@/orders/order-status.js';
import { sayTime } from '@/scheduling/spoken-time.js';

/** The texts a customer can get, one per order each (the outbox's unique key). */
export const MESSAGE_KINDS = ['confirmed', 'ready', 'out_for_delivery', 'cancelled', 'payment_link'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** What the texts say of an order. */
export interface MessageFacts {
  orderNumber: string;
  fulfillment: Fulfillment;
  totalCents: number;
  currency: string;
  paymentStatus: PaymentStatus;
  /** When the food is ready (pickup) or at the door (delivery); null for orders placed before promises existed. */
  promisedAt: Date | null;
  checkoutUrl?: string | null;
}

/** Where and when the texts are written: the restaurant's name and zone, and the time the text is decided. */
export interface MessageContext {
  restaurantName: string;
  timezone: string;
  now: Date;
}

/** When the promise is today: "around 7:40 pm"; another day: "tomorrow at 7:40 pm", "on Saturday at noon". */
function sayPromise(at: Date, ctx: MessageContext): string {
  const said = sayTime(at, ctx);
  // sayTime names the day ("tomorrow at ...") exactly when it is not today.
  return said.includes(' at ') ? said : `around ${said}`;
}

/**
 * Every text the restaurant sends, in one place. Short (one SMS segment where the name allows), starting with
 * the restaurant's name so the customer knows who writes. Null: this kind says nothing for this order.
 */
export function renderMessage(kind: MessageKind, order: MessageFacts, ctx: MessageContext): string | null {
  const who = `${ctx.restaurantName}: order ${order.orderNumber}`;
  const total = formatMoney(order.totalCents, order.currency);
  switch (kind) {
    case 'confirmed': {
      const when = order.promisedAt
        ? ` ${order.fulfillment === 'delivery' ? 'Delivery' : 'Ready'} ${sayPromise(order.promisedAt, ctx)}.`
        : '';
      return `${who} confirmed, ${total}.${when} Reply STOP to opt out.`;
    }
    case 'ready':
      // A delivery order is ready for the driver, not for the customer: they hear "on its way" instead.
      return order.fulfillment === 'pickup' ? `${who} is ready for pickup.` : null;
    case 'out_for_delivery':
      return order.fulfillment === 'delivery' ? `${who} is on its way.` : null;
    case 'cancelled':
      return `${who} was cancelled.${order.paymentStatus === 'paid' ? ' Your card payment will be refunded.' : ''}`;
    case 'payment_link':
      return order.checkoutUrl ? `${who}, ${total}. Pay here: ${order.checkoutUrl}` : null;
  }
}

/** The text a move to `status` sends, if any. */
export function messageKindForStatus(status: OrderStatus): MessageKind | null {
  if (status === 'ready' || status === 'out_for_delivery' || status === 'cancelled') return status;
  return null;
}

/** How the order's history names a text. */
export const MESSAGE_LABELS: Record<MessageKind, string> = {
  confirmed: 'Order confirmed',
  ready: 'Ready for pickup',
  out_for_delivery: 'Out for delivery',
  cancelled: 'Cancelled',
  payment_link: 'Payment link',
};
