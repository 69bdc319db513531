/** Stripe events and our receipts for the OpenAPI document (shapes from Stripe's API reference; ids made up). */
export const STRIPE_EVENT_EXAMPLES = {
  paymentSucceeded: {
    summary: 'payment_intent.succeeded: a web or mobile card payment went through',
    value: {
      id: 'evt_1QxYz3LkdIwHu7ix2aBcDeFg',
      object: 'event',
      type: 'payment_intent.succeeded',
      created: 1767225600,
      livemode: false,
      api_version: '2025-10-29.clover',
      data: {
        object: {
          id: 'pi_3QxYz2LkdIwHu7ix0s1BcD4e',
          object: 'payment_intent',
          amount: 3527,
          currency: 'usd',
          status: 'succeeded',
          metadata: { orderId: '0d9f4c1a-6b2e-4a57-8c3d-5e7f9a1b2c3d', orderNumber: 'A-1042' },
        },
      },
    },
  },
  checkoutCompleted: {
    summary: 'checkout.session.completed: a phone order paid through its checkout link',
    value: {
      id: 'evt_1QxZa0LkdIwHu7ixQwErTyUi',
      object: 'event',
      type: 'checkout.session.completed',
      created: 1767225700,
      livemode: false,
      data: {
        object: {
          id: 'cs_test_a1B2c3D4e5F6g7H8',
          object: 'checkout.session',
          payment_status: 'paid',
          client_reference_id: '0d9f4c1a-6b2e-4a57-8c3d-5e7f9a1b2c3d',
          payment_intent: 'pi_3QxZ9yLkdIwHu7ix1AbCdEfG',
        },
      },
    },
  },
  chargeRefunded: {
    summary: 'charge.refunded: refunded in full (a partial refund leaves the order paid)',
    value: {
      id: 'evt_1QxZb1LkdIwHu7ixAsDfGhJk',
      object: 'event',
      type: 'charge.refunded',
      created: 1767226000,
      livemode: false,
      data: {
        object: { id: 'ch_3QxYz2LkdIwHu7ix0aSdFgHj', object: 'charge', refunded: true, payment_intent: 'pi_3QxYz2LkdIwHu7ix0s1BcD4e' },
      },
    },
  },
};

export const WEBHOOK_RECEIPT_EXAMPLES = {
  applied: { summary: 'The order is now paid', value: { received: true, eventId: 'evt_1QxYz3LkdIwHu7ix2aBcDeFg', outcome: 'applied' } },
  duplicate: {
    summary: 'A redelivery of an event already handled',
    value: { received: true, eventId: 'evt_1QxYz3LkdIwHu7ix2aBcDeFg', outcome: 'duplicate' },
  },
  ignored: {
    summary: 'An event type this service does not act on',
    value: { received: true, eventId: 'evt_1QxZc2Lkd', outcome: 'ignored' },
  },
};
