/** Minor units per major unit; zero-decimal currencies (JPY, KRW...) have none. */
const ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);

export function minorUnitDigits(currency: string): number {
  return ZERO_DECIMAL.has(currency.toUpperCase()) ? 0 : 2;
}

export function centsToMajor(cents: number, currency: string): number {
  return cents / 10 ** minorUnitDigits(currency);
}

/** Percentage in basis points, rounded half up (amounts are never negative). */
export function applyBasisPoints(amountCents: number, bps: number): number {
  return Math.floor((amountCents * bps + 5000) / 10000);
}

export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: minorUnitDigits(currency),
  }).format(centsToMajor(cents, currency));
}
