/*
 * How an order's state reads on the board and in its detail: status, channel, payment and refund names, and the
 * buttons of the moves it may make next.
 */
import { el, money } from './common.js';

export const STATUS_LABEL = {
  received: 'New',
  confirmed: 'Confirmed',
  preparing: 'Preparing',
  ready: 'Ready',
  out_for_delivery: 'Out for delivery',
  completed: 'Completed',
  cancelled: 'Cancelled',
};
export const CHANNEL_LABEL = { voice: 'Phone', web: 'Web', mobile: 'App' };
export const PAYMENT_LABEL = {
  paid: 'Paid',
  pending: 'Card · not paid yet',
  unpaid: 'Cash · collect',
  failed: 'Payment failed',
  partially_refunded: 'Paid · partly refunded',
  refunded: 'Refunded',
};
/** The refund a cancelled card order is owed (order.refund.status). */
export const REFUND_LABEL = {
  pending: 'Refund being requested',
  requested: 'Refund requested',
  retrying: 'Refund retrying',
  failed: 'Refund failed — needs attention',
  succeeded: 'Refunded',
};
/** Refund states staff may ask to retry now. */
export const REFUND_RETRYABLE = ['pending', 'retrying', 'failed'];
export function actionLabel(order, status) {
  switch (status) {
    case 'confirmed':
      return 'Confirm';
    case 'preparing':
      return 'Start preparing';
    case 'ready':
      return 'Mark ready';
    case 'out_for_delivery':
      return 'Out for delivery';
    case 'completed':
      return order.fulfillment === 'delivery' ? 'Delivered' : 'Picked up';
    case 'cancelled':
      return 'Cancel';
    default:
      return STATUS_LABEL[status] || status;
  }
}

/** A tag for a refund still under way or failed; none once the money is back (the payment says Refunded). */
export function refundTag(order) {
  const refund = order.refund;
  if (!refund || refund.status === 'succeeded') return null;
  return el('span', { class: `tag refund-${refund.status}`, 'data-refund-status': refund.status, text: REFUND_LABEL[refund.status] });
}

export function paymentText(order) {
  if (order.paymentStatus === 'unpaid') return `Cash · collect ${money(order.totalCents, order.currency)}`;
  return PAYMENT_LABEL[order.paymentStatus] || order.paymentStatus;
}

export function renderActions(order) {
  const buttons = order.nextStatuses.map((status) =>
    el('button', {
      type: 'button',
      class: status === 'cancelled' ? 'act cancel' : `act primary go-${status}`,
      'data-status': status,
      text: actionLabel(order, status),
    }),
  );
  return el('div', { class: 'actions' }, buttons);
}

/** The customer's name as staff read it: an order whose personal data was erased or aged out says so. */
export function customerText(order) {
  return order.customerName || (order.anonymizedAt ? 'Anonymized' : '');
}
