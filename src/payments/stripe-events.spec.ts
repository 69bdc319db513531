import { canChangePayment } from './payment-transitions.js';
import { toStripeAmount } from './stripe-amount.js';
import { isHandled, orderHintsOf, outcomeOf } from './stripe-events.js';

const ev = (type: string, object: Record<string, unknown>) => ({ type, data: { object } }) as never;

describe('Stripe events -> payment status', () => {
  it('maps the handled types', () => {
    expect(outcomeOf(ev('payment_intent.succeeded', {}))?.to).toBe('paid');
    expect(outcomeOf(ev('payment_intent.payment_failed', { last_payment_error: { message: 'Your card was declined.' } }))).toEqual({
      to: 'failed',
      note: 'Stripe: payment failed (Your card was declined.)',
    });
    expect(outcomeOf(ev('payment_intent.canceled', { cancellation_reason: 'abandoned' }))?.to).toBe('failed');
    expect(outcomeOf(ev('checkout.session.completed', { payment_status: 'paid' }))?.to).toBe('paid');
    expect(outcomeOf(ev('charge.refunded', { refunded: true }))?.to).toBe('refunded');
  });

  it('reads a partial refund as the amount refunded so far', () => {
    expect(outcomeOf(ev('charge.refunded', { refunded: false, amount_refunded: 100 }))).toEqual({
      to: 'partially_refunded',
      note: 'Stripe: charge refunded in part',
      refundedCents: 100,
    });
  });

  it('changes nothing for a checkout still waiting for a delayed payment', () => {
    expect(outcomeOf(ev('checkout.session.completed', { payment_status: 'unpaid' }))).toBeNull();
  });

  it('knows which types it acts on', () => {
    expect(isHandled('payment_intent.succeeded')).toBe(true);
    expect(isHandled('customer.created')).toBe(false);
  });

  it('finds the order by metadata, then by the stored references', () => {
    const id = '0b7e3f4c-9a55-4d2a-8c6e-0f1c2d3e4f50';
    expect(orderHintsOf(ev('payment_intent.succeeded', { id: 'pi_1', metadata: { orderId: id } }))).toEqual({
      orderId: id,
      references: ['pi_1'],
    });
    expect(orderHintsOf(ev('charge.refunded', { id: 'ch_1', metadata: {}, payment_intent: 'pi_2' }))).toEqual({
      orderId: null,
      references: ['ch_1', 'pi_2'],
    });
    expect(orderHintsOf(ev('checkout.session.completed', { id: 'cs_1', client_reference_id: id })).orderId).toBe(id);
    expect(orderHintsOf(ev('payment_intent.succeeded', { id: 'pi_3', metadata: { orderId: 'not-a-uuid' } })).orderId).toBeNull();
  });
});

describe('payment transitions', () => {
  it('lets a late failure not undo a payment, and a refund end it', () => {
    expect(canChangePayment('pending', 'paid')).toBe(true);
    expect(canChangePayment('failed', 'paid')).toBe(true);
    expect(canChangePayment('paid', 'failed')).toBe(false);
    expect(canChangePayment('paid', 'refunded')).toBe(true);
    expect(canChangePayment('refunded', 'paid')).toBe(false);
    expect(canChangePayment('unpaid', 'paid')).toBe(false);
  });
});

describe('toStripeAmount', () => {
  it('passes minor units through and lower-cases the currency', () => {
    expect(toStripeAmount(3460, 'USD')).toEqual({ amount: 3460, currency: 'usd' });
  });

  it('keeps zero-decimal currencies in whole units (1500 yen stays 1500, not 150000)', () => {
    expect(toStripeAmount(1500, 'JPY')).toEqual({ amount: 1500, currency: 'jpy' });
  });

  it('refuses amounts that are not positive whole numbers', () => {
    expect(() => toStripeAmount(0, 'USD')).toThrow();
    expect(() => toStripeAmount(12.5, 'USD')).toThrow();
  });
});
