import { applyBasisPoints } from '@/common/money.js';
import { type ChosenOption, optionsPriceCents } from '@/menu/menu-options.js';

export interface PricedLine {
  menuItemId: string;
  name: string;
  /** The dish's price plus its options' price changes. */
  unitPriceCents: number;
  /** The options as ordered (a snapshot: later menu edits do not change it). */
  options: ChosenOption[];
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

export function priceLine(
  item: { id: string; name: string; priceCents: number },
  quantity: number,
  notes?: string | null,
  options: ChosenOption[] = [],
): PricedLine {
  const unitPriceCents = item.priceCents + optionsPriceCents(options);
  return {
    menuItemId: item.id,
    name: item.name,
    unitPriceCents,
    options,
    quantity,
    lineTotalCents: unitPriceCents * quantity,
    notes: notes ? notes : null,
  };
}
