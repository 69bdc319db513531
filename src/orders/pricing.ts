import { applyBasisPoints } from '@/common/money.js';

export interface PricedLine {
  menuItemId: string;
  name: string;
  unitPriceCents: number;
  quantity: number;
  lineTotalCents: number;
  notes: string | null;
}

export interface Totals {
  subtotalCents: number;
  deliveryFeeCents: number;
  taxCents: number;
  totalCents: number;
}

/** Server-side totals: tax is charged on the subtotal (not on the delivery fee), rounded half up. */
export function computeTotals(lines: Pick<PricedLine, 'lineTotalCents'>[], deliveryFeeCents: number, taxRateBps: number): Totals {
  const subtotalCents = lines.reduce((sum, line) => sum + line.lineTotalCents, 0);
  const taxCents = applyBasisPoints(subtotalCents, taxRateBps);
  return { subtotalCents, deliveryFeeCents, taxCents, totalCents: subtotalCents + deliveryFeeCents + taxCents };
}

export function priceLine(item: { id: string; name: string; priceCents: number }, quantity: number, notes?: string | null): PricedLine {
  return {
    menuItemId: item.id,
    name: item.name,
    unitPriceCents: item.priceCents,
    quantity,
    lineTotalCents: item.priceCents * quantity,
    notes: notes ? notes : null,
  };
}
