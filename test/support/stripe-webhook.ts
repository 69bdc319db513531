import type { ApiClient, ApiSchema } from './api.js';

export type StripeEvent = ApiSchema<'StripeEventDto'>;

/**
 * Delivers a signed Stripe event (`signedStripeEvent`) through the typed client: the document's operation and its
 * `stripe-signature` header, with the body sent as the very bytes that were signed (openapi-fetch would otherwise
 * serialize the body again, and the signature covers the bytes). Forged, stale or tampered deliveries are off the
 * contract on purpose and go through supertest instead.
 */
export function deliverStripeEvent(client: ApiClient, { payload, signature }: { payload: string; signature: string }) {
  return client.POST('/webhook/stripe', {
    params: { header: { 'stripe-signature': signature } },
    body: JSON.parse(payload) as StripeEvent,
    bodySerializer: () => payload,
  });
}
