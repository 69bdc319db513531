import { Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { DomainError, ErrorCode } from '@/common/domain-error.js';
import type { PaymentsConfig } from '@/config/payments.config.js';
import { PartRefundRequest, PaymentGateway, PaymentRequest, PaymentStart, RefundFailure, RefundResult } from '../payment-gateway.js';
import { toStripeAmount } from '../stripe-amount.js';

/**
 * The one Stripe API version this service speaks, pinned so that an SDK upgrade or a change of the account's
 * default version never changes the shape of what Stripe sends us (webhook events included). It is the version
 * the installed SDK's types describe: upgrading `stripe` means reading its changelog and moving this with it.
 */
export const STRIPE_API_VERSION = '2026-10-28.endive' as const;

export const PAYMENT_UNAVAILABLE_MESSAGE = 'Card payments are not available right now. Please try again in a moment, or pay with cash.';

export interface StripeGatewayOptions {
  config: Pick<PaymentsConfig, 'stripeSecretKey' | 'stripeApi' | 'stripeTimeoutMs' | 'paymentExpiryMinutes'>;
  /** Where Checkout sends the caller after paying, or giving up; `{ORDER_ID}` is replaced. */
  successUrl: string;
  /** The time a Checkout link's expiry is counted from (the app's Clock). */
  now: () => Date;
}

/**
 * Stripe through its official SDK. Every create carries an idempotency key derived from the order id, so the
 * SDK's own retries (and a retried order create with the same id) reuse one PaymentIntent / Checkout Session.
 */
@Injectable()
export class StripePaymentGateway extends PaymentGateway {
  readonly provider = 'stripe';
  private readonly logger = new Logger(StripePaymentGateway.name);
  readonly stripe: Stripe;

  constructor(private readonly options: StripeGatewayOptions) {
    super();
    const { stripeSecretKey, stripeApi, stripeTimeoutMs } = options.config;
    this.stripe = new Stripe(stripeSecretKey, {
      apiVersion: STRIPE_API_VERSION,
      host: stripeApi.host,
      port: stripeApi.port,
      protocol: stripeApi.protocol,
      maxNetworkRetries: 2,
      timeout: stripeTimeoutMs,
      telemetry: false,
    });
  }

  async startPayment(request: PaymentRequest): Promise<PaymentStart> {
    const { amount, currency } = toStripeAmount(request.amountCents, request.currency);
    const metadata = { orderId: request.orderId, orderNumber: request.orderNumber };
    try {
      if (request.channel === 'voice') {
        // A caller cannot type a card into a phone call: send a hosted Checkout link instead.
        const session = await this.stripe.checkout.sessions.create(
          {
            mode: 'payment',
            line_items: [{ quantity: 1, price_data: { currency, unit_amount: amount, product_data: { name: request.description } } }],
            client_reference_id: request.orderId,
            metadata,
            // The PaymentIntent (and its charge) carry the order id too, so charge.refunded finds the order.
            payment_intent_data: { metadata, description: request.description },
            success_url: this.options.successUrl.replace('{ORDER_ID}', request.orderId),
            cancel_url: this.options.successUrl.replace('{ORDER_ID}', request.orderId),
            // Stripe sends checkout.session.expired then, and the unpaid order is cancelled (CheckoutExpiry).
            expires_at: Math.floor(this.options.now().getTime() / 1000) + this.options.config.paymentExpiryMinutes * 60,
          },
          { idempotencyKey: `order-${request.orderId}-checkout` },
        );
        return { provider: this.provider, reference: session.id, checkoutUrl: session.url ?? undefined };
      }
      const intent = await this.stripe.paymentIntents.create(
        { amount, currency, metadata, description: request.description, automatic_payment_methods: { enabled: true } },
        { idempotencyKey: `order-${request.orderId}-payment-intent` },
      );
      return { provider: this.provider, reference: intent.id, clientSecret: intent.client_secret ?? undefined };
    } catch (err) {
      throw this.translate(err, `start the payment of order ${request.orderNumber}`);
    }
  }

  /** The idempotency key of every refund request for one order: a retry can never refund twice. */
  static refundIdempotencyKey(orderId: string): string {
    return `order-${orderId}-refund`;
  }

  /** The idempotency key of one refund asked for by staff. */
  static partRefundIdempotencyKey(orderId: string, requestId: string): string {
    return `order-${orderId}-refund-${requestId}`;
  }

  async refundPart(reference: string, request: PartRefundRequest): Promise<void> {
    try {
      const paymentIntent = await this.paymentIntentOf(reference);
      await this.stripe.refunds.create(
        {
          payment_intent: paymentIntent,
          amount: toStripeAmount(request.amountCents, request.currency).amount,
          reason: 'requested_by_customer',
          metadata: { orderId: request.orderId, refundRequestId: request.requestId },
        },
        { idempotencyKey: StripePaymentGateway.partRefundIdempotencyKey(request.orderId, request.requestId) },
      );
    } catch (err) {
      if (err instanceof RefundFailure) throw err;
      throw refundFailure(err);
    }
  }

  /** A Checkout Session (voice orders) is refunded through the PaymentIntent it created. */
  private async paymentIntentOf(reference: string): Promise<string> {
    if (!reference.startsWith('cs_')) return reference;
    const session = await this.stripe.checkout.sessions.retrieve(reference);
    const pi = session.payment_intent;
    if (!pi) throw new RefundFailure('This checkout was never paid, so Stripe has nothing to refund.', false);
    return typeof pi === 'string' ? pi : pi.id;
  }

  async refund(reference: string, orderId: string): Promise<RefundResult> {
    try {
      const paymentIntent = await this.paymentIntentOf(reference);
      await this.stripe.refunds.create(
        { payment_intent: paymentIntent, metadata: { orderId } },
        { idempotencyKey: StripePaymentGateway.refundIdempotencyKey(orderId) },
      );
      return 'requested';
    } catch (err) {
      if (err instanceof RefundFailure) throw err;
      if (err instanceof Stripe.errors.StripeError && err.code === 'charge_already_refunded') return 'already-refunded';
      throw refundFailure(err);
    }
  }

  /** Stripe and network failures become PAYMENT_PROVIDER_REFUSED / PAYMENT_UNAVAILABLE with a message a person can act on. */
  private translate(err: unknown, what: string): DomainError {
    const e = err as { type?: string; statusCode?: number; message?: string; code?: string; requestId?: string };
    this.logger.error(
      `Stripe could not ${what}: ${e.type ?? 'Error'} ${e.statusCode ?? ''} ${e.code ?? ''} ${e.message ?? String(err)} ${e.requestId ?? ''}`,
    );
    if (err instanceof Stripe.errors.StripeInvalidRequestError || err instanceof Stripe.errors.StripeIdempotencyError) {
      // Stripe refused what we sent (e.g. an amount under its minimum charge): our side, not the customer's card.
      return new DomainError(
        ErrorCode.PAYMENT_PROVIDER_REFUSED,
        `The card payment could not be set up (${e.message ?? 'refused by the payment provider'}). Please pay with cash or contact the restaurant.`,
      );
    }
    return new DomainError(ErrorCode.PAYMENT_UNAVAILABLE, PAYMENT_UNAVAILABLE_MESSAGE);
  }
}

/**
 * A refund Stripe refused (invalid request, e.g. a disputed charge; an idempotency key reused with other
 * parameters) is not retried: Stripe replays the same answer for the same key. Anything else (network errors,
 * timeouts, rate limits, 5xx, even a wrong key, which a deploy can fix) is worth asking again.
 */
function refundFailure(err: unknown): RefundFailure {
  if (!(err instanceof Stripe.errors.StripeError)) return new RefundFailure(`Refund request failed: ${messageOf(err)}`, true);
  const code = err.code ? ` (${err.code})` : '';
  if (err instanceof Stripe.errors.StripeInvalidRequestError || err instanceof Stripe.errors.StripeIdempotencyError) {
    return new RefundFailure(`Stripe refused the refund: ${err.message}${code}`, false);
  }
  if (err instanceof Stripe.errors.StripeConnectionError) return new RefundFailure(`Stripe did not answer: ${err.message}`, true);
  return new RefundFailure(`Stripe error${err.statusCode ? ` ${err.statusCode}` : ''}: ${err.message}${code}`, true);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
