import { MessageContext, MessageFacts, messageKindForStatus, renderMessage } from './message-templates.js';

// 2026-03-10 12:00 in Los Angeles.
const ctx: MessageContext = { restaurantName: 'Luigi', timezone: 'America/Los_Angeles', now: new Date('2026-03-10T19:00:00Z') };
const pickup: MessageFacts = {
  orderNumber: 'A-1042',
  fulfillment: 'pickup',
  totalCents: 2945,
  currency: 'USD',
  paymentStatus: 'pending',
  promisedAt: new Date('2026-03-11T02:40:00Z'), // 7:40 pm that day
};
const delivery: MessageFacts = { ...pickup, fulfillment: 'delivery' };

describe('text message templates', () => {
  it('confirms with the number, the total and the promised time in restaurant time, and says how to opt out', () => {
    expect(renderMessage('confirmed', pickup, ctx)).toBe(
      'Luigi: order A-1042 confirmed, $29.45. Ready around 7:40 pm. Reply STOP to opt out.',
    );
    expect(renderMessage('confirmed', delivery, ctx)).toBe(
      'Luigi: order A-1042 confirmed, $29.45. Delivery around 7:40 pm. Reply STOP to opt out.',
    );
  });

  it('names the day of a promise that is not today, and leaves out a promise the order does not have', () => {
    const tomorrowNoon = { ...pickup, promisedAt: new Date('2026-03-11T19:00:00Z') };
    expect(renderMessage('confirmed', tomorrowNoon, ctx)).toBe(
      'Luigi: order A-1042 confirmed, $29.45. Ready tomorrow at noon. Reply STOP to opt out.',
    );
    expect(renderMessage('confirmed', { ...pickup, promisedAt: null }, ctx)).toBe(
      'Luigi: order A-1042 confirmed, $29.45. Reply STOP to opt out.',
    );
  });

  it('says the time in the restaurant zone, not the server zone (a Berlin restaurant)', () => {
    const berlin = { ...ctx, timezone: 'Europe/Berlin', now: new Date('2026-03-10T10:00:00Z') };
    expect(renderMessage('confirmed', { ...pickup, promisedAt: new Date('2026-03-10T11:15:00Z') }, berlin)).toContain(
      'Ready around 12:15 pm.',
    );
  });

  it('tells a pickup customer the food is ready and a delivery customer it is on its way, never the other way round', () => {
    expect(renderMessage('ready', pickup, ctx)).toBe('Luigi: order A-1042 is ready for pickup.');
    expect(renderMessage('ready', delivery, ctx)).toBeNull();
    expect(renderMessage('out_for_delivery', delivery, ctx)).toBe('Luigi: order A-1042 is on its way.');
    expect(renderMessage('out_for_delivery', pickup, ctx)).toBeNull();
  });

  it('says a paid order that was cancelled is refunded', () => {
    expect(renderMessage('cancelled', pickup, ctx)).toBe('Luigi: order A-1042 was cancelled.');
    expect(renderMessage('cancelled', { ...pickup, paymentStatus: 'paid' }, ctx)).toBe(
      'Luigi: order A-1042 was cancelled. Your card payment will be refunded.',
    );
  });

  it('sends a payment link only when the order has one', () => {
    const url = 'https://checkout.stripe.com/c/pay/cs_test_1';
    expect(renderMessage('payment_link', { ...pickup, checkoutUrl: url }, ctx)).toBe(`Luigi: order A-1042, $29.45. Pay here: ${url}`);
    expect(renderMessage('payment_link', pickup, ctx)).toBeNull();
  });

  it('keeps every text within one SMS segment (160 GSM characters) for an ordinary name', () => {
    const long = { ...ctx, restaurantName: "Luigi's Trattoria & Pizzeria" };
    for (const facts of [pickup, delivery, { ...pickup, paymentStatus: 'paid' as const }]) {
      for (const kind of ['confirmed', 'ready', 'out_for_delivery', 'cancelled'] as const) {
        expect((renderMessage(kind, facts, long) ?? '').length).toBeLessThanOrEqual(160);
      }
    }
  });

  it('texts on ready, out for delivery and cancelled, and on no other status move', () => {
    expect(
      ['received', 'confirmed', 'preparing', 'ready', 'out_for_delivery', 'completed', 'cancelled'].map((s) =>
        messageKindForStatus(s as never),
      ),
    ).toEqual([null, null, null, 'ready', 'out_for_delivery', null, 'cancelled']);
  });
});
