export const ORDER_STATUSES = ['received', 'confirmed', 'preparing', 'ready', 'out_for_delivery', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const PAYMENT_STATUSES = ['unpaid', 'pending', 'paid', 'failed', 'partially_refunded', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * The refund a cancelled card order is owed (null: none is owed). `pending`: to be asked for (the first attempt
 * or a retry staff asked for); `requested`: the provider took it and reports the outcome later (Stripe's
 * charge.refunded); `retrying`: an attempt failed, the next one is due at `refundNextAttemptAt`; `failed`: given
 * up (attempts used up, or refused by the provider): a person must act; `succeeded`: the money is back.
 */
export const REFUND_STATUSES = ['pending', 'requested', 'retrying', 'failed', 'succeeded'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const CHANNELS = ['web', 'mobile', 'voice'] as const;
export type Channel = (typeof CHANNELS)[number];

export const FULFILLMENTS = ['pickup', 'delivery'] as const;
export type Fulfillment = (typeof FULFILLMENTS)[number];

export const PAYMENT_METHODS = ['card', 'cash'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Statuses from which staff (or the caller) may still cancel. */
const CANCELLABLE: OrderStatus[] = ['received', 'confirmed', 'preparing'];

/**
 * The lifecycle of DESIGN.md: received -> confirmed -> preparing -> ready -> (out_for_delivery) -> completed,
 * cancelled from received, confirmed or preparing. Anything else is refused.
 */
export function nextStatuses(status: OrderStatus, fulfillment: Fulfillment): OrderStatus[] {
  const forward: Partial<Record<OrderStatus, OrderStatus>> = {
    received: 'confirmed',
    confirmed: 'preparing',
    preparing: 'ready',
    ready: fulfillment === 'delivery' ? 'out_for_delivery' : 'completed',
    out_for_delivery: 'completed',
  };
  const next: OrderStatus[] = [];
  const step = forward[status];
  if (step) next.push(step);
  if (CANCELLABLE.includes(status)) next.push('cancelled');
  return next;
}

export function canTransition(from: OrderStatus, to: OrderStatus, fulfillment: Fulfillment): boolean {
  return nextStatuses(from, fulfillment).includes(to);
}

export function isActive(status: OrderStatus): boolean {
  return status !== 'completed' && status !== 'cancelled';
}
