/**
 * Stripe's `amount` is in the currency's smallest unit, which is what our `*Cents` already are: cents for USD,
 * whole yen for JPY (a zero-decimal currency: 1500 means ¥1500, never ¥15). So the number passes through
 * unchanged; what must not happen is a `* 100` for every currency. Stripe wants the code in lower case.
 */
export function toStripeAmount(amountCents: number, currency: string): { amount: number; currency: string } {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) {
    throw new Error(`A card payment needs a positive whole amount in minor units (got ${amountCents})`);
  }
  return { amount: amountCents, currency: currency.toLowerCase() };
}
