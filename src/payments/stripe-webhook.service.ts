import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { DomainError, ErrorCode, NotFoundError } from '@/common/domain-error.js';
import { paymentsConfig } from '@/config/payments.config.js';
import { OrdersService } from '@/orders/orders.service.js';
import type { PaymentEventOutcome } from './entities/payment-event.entity.js';
import { CheckoutExpiry } from './checkout-expiry.service.js';
import { PaymentEventsRepository } from './payment-events.repository.js';
import { canChangePayment } from './payment-transitions.js';
import { isHandled, orderHintsOf, outcomeOf } from './stripe-events.js';

export interface WebhookReceipt {
  received: true;
  eventId: string;
  outcome: PaymentEventOutcome | 'duplicate';
}

/** Verifies Stripe's signature on the raw body and applies each event to its order exactly once. */
@Injectable()
export class StripeWebhookService {
  private readonly logger = new Logger(StripeWebhookService.name);

  constructor(
    private readonly paymentEvents: PaymentEventsRepository,
    private readonly orders: OrdersService,
    private readonly expiry: CheckoutExpiry,
    @Inject(paymentsConfig.KEY) private readonly config: ConfigType<typeof paymentsConfig>,
  ) {}

  /** Stripe's own verification (HMAC-SHA256 of `{t}.{raw body}`, timestamp within the tolerance); 400 otherwise. */
  verify(rawBody: Buffer | undefined, signature: string | string[] | undefined): Stripe.Event {
    if (!this.config.stripeWebhookSecret) {
      throw refusal('Stripe webhooks are not configured here (STRIPE_WEBHOOK_SECRET is not set), so no event can be verified.');
    }
    if (!signature || Array.isArray(signature)) throw refusal('The Stripe-Signature header is missing.');
    if (!rawBody || rawBody.length === 0) throw refusal('The request has no JSON body to verify.');
    let event: Stripe.Event;
    try {
      event = Stripe.webhooks.constructEvent(rawBody, signature, this.config.stripeWebhookSecret, this.config.webhookToleranceSeconds);
    } catch (err) {
      this.logger.warn(`Refused a Stripe webhook: ${err instanceof Error ? err.message : String(err)}`);
      throw refusal('The Stripe-Signature does not match this body, or its timestamp is too old.');
    }
    // A valid signature says who sent the bytes, not that they are an event: everything below reads these.
    const e = event as unknown as { id?: unknown; type?: unknown; data?: { object?: unknown } } | null;
    if (
      !e ||
      typeof e !== 'object' ||
      Array.isArray(e) ||
      typeof e.id !== 'string' ||
      !e.id ||
      typeof e.type !== 'string' ||
      !e.data ||
      typeof e.data !== 'object' ||
      !e.data.object ||
      typeof e.data.object !== 'object'
    ) {
      throw new DomainError(ErrorCode.INVALID_INPUT, 'The body is not a Stripe event (id, type and data.object are required).');
    }
    return event;
  }

  async handle(event: Stripe.Event): Promise<WebhookReceipt> {
    const outcome = isHandled(event.type) ? outcomeOf(event) : null;
    const orderId = outcome ? await this.findOrder(event) : null;
    if (!outcome || !orderId) {
      if (outcome) this.logger.warn(`Stripe event ${event.id} (${event.type}) matches no order; acknowledged and ignored`);
      const first = await this.record(event, null, 'ignored');
      return { received: true, eventId: event.id, outcome: first ? 'ignored' : 'duplicate' };
    }
    let result: WebhookReceipt['outcome'] = 'duplicate';
    const note = `${outcome.note} [${event.id}]`;
    try {
      if (outcome.refundedCents !== undefined) {
        // A partial refund (staff in the Stripe Dashboard, or one of ours confirmed): the amount only grows, so a
        // confirmation of what we recorded already changes nothing.
        const refundedCents = outcome.refundedCents;
        let grows = false;
        await this.orders.changeRefundedAmount(
          orderId,
          'stripe',
          (current) => (grows ? { refundedCents: Math.min(refundedCents, current.totalCents), note } : null),
          async (tx, current) => {
            const paid = current.paymentStatus === 'paid' || current.paymentStatus === 'partially_refunded';
            grows = paid && refundedCents > current.refundedCents;
            const first = await this.record(event, orderId, grows ? 'applied' : 'unchanged', tx);
            if (first) result = grows ? 'applied' : 'unchanged';
            return first && grows;
          },
        );
      } else {
        await this.orders.setPaymentStatus(orderId, outcome.to, 'stripe', note, async (tx, current) => {
          const allowed = canChangePayment(current.paymentStatus, outcome.to);
          const first = await this.record(event, orderId, allowed ? 'applied' : 'unchanged', tx);
          if (!first) return false;
          result = allowed ? 'applied' : 'unchanged';
          return allowed;
        });
      }
    } catch (err) {
      // The order was deleted between lookup and lock: nothing to apply, and retrying will not help.
      if (!(err instanceof NotFoundError)) throw err;
      result = (await this.record(event, null, 'ignored')) ? 'ignored' : 'duplicate';
      return { received: true, eventId: event.id, outcome: result };
    }
    // Also on a redelivery: the first delivery may have stopped between recording the event and the cancel.
    if (event.type === 'checkout.session.expired') await this.expiry.cancelUnpaid(orderId, 'stripe');
    return { received: true, eventId: event.id, outcome: result };
  }

  private async findOrder(event: Stripe.Event): Promise<string | null> {
    const { orderId, references } = orderHintsOf(event);
    if (orderId) return orderId;
    for (const reference of references) {
      const id = await this.orders.findIdByPaymentReference(reference);
      if (id) return id;
    }
    return null;
  }

  /** Records the event id; false when it was already there (a redelivery, or a concurrent one that won). */
  private record(event: Stripe.Event, orderId: string | null, outcome: PaymentEventOutcome, tx?: EntityManager): Promise<boolean> {
    return this.paymentEvents.recordStripeEventOnce({ eventId: event.id, type: event.type, orderId, outcome }, tx);
  }
}

function refusal(message: string): DomainError {
  return new DomainError(ErrorCode.WEBHOOK_SIGNATURE_INVALID, message);
}
