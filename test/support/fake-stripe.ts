import Stripe from 'stripe';
import { FakeHttpServer, FakeReply, RecordedRequest } from './fake-http.js';

export const TEST_STRIPE_KEY = 'sk_test_fakeKeyForLoopbackTests0001';
export const TEST_WEBHOOK_SECRET = 'whsec_testSecretForSignedWebhooks0001';

/** Answers like Stripe's API for what this service calls: PaymentIntents, Checkout Sessions, refunds. */
export function stripeAnswer(req: RecordedRequest): FakeReply {
  const orderId = req.form['metadata[orderId]'] ?? 'none';
  const short = orderId.replace(/-/g, '').slice(0, 16);
  if (req.method === 'POST' && req.path === '/v1/payment_intents') {
    return {
      body: {
        id: `pi_fake_${short}`,
        object: 'payment_intent',
        amount: Number(req.form.amount),
        currency: req.form.currency,
        client_secret: `pi_fake_${short}_secret_abc`,
        metadata: { orderId, orderNumber: req.form['metadata[orderNumber]'] },
        status: 'requires_payment_method',
      },
    };
  }
  if (req.method === 'POST' && req.path === '/v1/checkout/sessions') {
    return {
      body: {
        id: `cs_test_fake_${short}`,
        object: 'checkout.session',
        url: `https://checkout.stripe.com/c/pay/cs_test_fake_${short}`,
        payment_status: 'unpaid',
        metadata: { orderId },
      },
    };
  }
  const session = /^\/v1\/checkout\/sessions\/(cs_[A-Za-z0-9_]+)$/.exec(req.path);
  if (req.method === 'GET' && session) {
    return { body: { id: session[1], object: 'checkout.session', payment_intent: `pi_from_${session[1]}`, payment_status: 'paid' } };
  }
  if (req.method === 'POST' && req.path === '/v1/refunds') {
    return { body: { id: 're_fake_1', object: 'refund', payment_intent: req.form.payment_intent, status: 'succeeded' } };
  }
  return stripeError(404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${req.path})`);
}

export function stripeError(status: number, type: string, message: string, code?: string): FakeReply {
  return { status, body: { error: { type, message, ...(code && { code }) } } };
}

export function createFakeStripe(): Promise<FakeHttpServer> {
  return new FakeHttpServer(stripeAnswer).start();
}

/** The app settings that point the real Stripe adapter at a fake Stripe server (`createFakeStripe`). */
export function stripeDriverEnv(stripe: FakeHttpServer, timeoutMs: number): Record<string, string> {
  return {
    PAYMENTS_DRIVER: 'stripe',
    STRIPE_SECRET_KEY: TEST_STRIPE_KEY,
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    STRIPE_API_URL: stripe.url,
    STRIPE_TIMEOUT_MS: String(timeoutMs),
  };
}

/** A webhook delivery signed exactly as Stripe signs it (the SDK's own test helper). */
export function signedStripeEvent(
  event: { id: string; type: string; object: Record<string, unknown> },
  options: { secret?: string; timestamp?: number } = {},
): { payload: string; signature: string } {
  const payload = JSON.stringify({
    id: event.id,
    object: 'event',
    api_version: '2025-08-27.basil',
    created: Math.floor(Date.now() / 1000),
    type: event.type,
    livemode: false,
    pending_webhooks: 1,
    data: { object: event.object },
  });
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? TEST_WEBHOOK_SECRET,
    ...(options.timestamp !== undefined && { timestamp: options.timestamp }),
  });
  return { payload, signature };
}
