import type Stripe from 'stripe';
import type { PaymentStatus } from '@/orders/order-status.js';

export interface PaymentOutcome {
  to: PaymentStatus;
  note: string;
  /** A partial refund: the charge's whole amount refunded so far, in minor units (Stripe's amount_refunded). */
  refundedCents?: number;
}

/** The Stripe event types this service acts on; every other type is acknowledged (2xx) and ignored. */
export const HANDLED_STRIPE_EVENTS = [
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'charge.refunded',
] as const;

type Obj = Record<string, unknown> & { id?: string; metadata?: Record<string, string> | null };

export function isHandled(type: string): boolean {
  return (HANDLED_STRIPE_EVENTS as readonly string[]).includes(type);
}

/** What a handled event means for the order's payment status; null when it changes nothing (a checkout waiting for a delayed payment). */
export function outcomeOf(event: Pick<Stripe.Event, 'type' | 'data'>): PaymentOutcome | null {
  const o = event.data.object as unknown as Obj;
  switch (event.type) {
    case 'payment_intent.succeeded':
      return { to: 'paid', note: 'Stripe: payment succeeded' };
    case 'payment_intent.payment_failed': {
      const reason = (o.last_payment_error as { message?: string } | null)?.message;
      return { to: 'failed', note: `Stripe: payment failed${reason ? ` (${reason})` : ''}` };
    }
    case 'payment_intent.canceled': {
      const reason = o.cancellation_reason as Stripe.PaymentIntent['cancellation_reason'];
      return { to: 'failed', note: `Stripe: payment canceled${reason ? ` (${reason})` : ''}` };
    }
    case 'checkout.session.completed':
      // Delayed methods (bank debits) complete the session unpaid; async_payment_succeeded follows.
      return o.payment_status === 'paid' || o.payment_status === 'no_payment_required'
        ? { to: 'paid', note: 'Stripe: checkout completed' }
        : null;
    case 'checkout.session.async_payment_succeeded':
      return { to: 'paid', note: 'Stripe: checkout payment succeeded' };
    case 'checkout.session.async_payment_failed':
      return { to: 'failed', note: 'Stripe: checkout payment failed' };
    case 'checkout.session.expired':
      return { to: 'failed', note: 'Stripe: checkout link expired unpaid' };
    case 'charge.refunded':
      // `refunded` is true only once the whole amount is refunded; before that, amount_refunded says how much is back.
      if (o.refunded === true) return { to: 'refunded', note: 'Stripe: charge refunded in full' };
      if (typeof o.amount_refunded === 'number' && o.amount_refunded > 0) {
        return { to: 'partially_refunded', note: 'Stripe: charge refunded in part', refundedCents: o.amount_refunded };
      }
      return null;
    default:
      return null;
  }
}

/** Ways to find the order: our metadata first, then the Stripe object ids we stored as the payment reference. */
export function orderHintsOf(event: Pick<Stripe.Event, 'data'>): { orderId: string | null; references: string[] } {
  const o = event.data.object as unknown as Obj;
  const fromMetadata = o.metadata?.orderId ?? (typeof o.client_reference_id === 'string' ? o.client_reference_id : undefined);
  const orderId = fromMetadata && /^[0-9a-f-]{36}$/i.test(fromMetadata) ? fromMetadata : null;
  const pi = o.payment_intent;
  const references = [o.id, typeof pi === 'string' ? pi : (pi as Obj | null)?.id].filter((r): r is string => typeof r === 'string');
  return { orderId, references };
}
