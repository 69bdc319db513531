import { applyBasisPoints, formatMoney, centsToMajor } from '@/common/money.js';
import { computeTotals, priceLine } from './pricing.js';

describe('pricing', () => {
  const margherita = { id: 'm', name: 'Margherita Pizza', priceCents: 1450 };

  it('prices a line from the menu price and quantity', () => {
    expect(priceLine(margherita, 3, 'extra basil')).toEqual({
      menuItemId: 'm',
      name: 'Margherita Pizza',
      unitPriceCents: 1450,
      options: [],
      quantity: 3,
      lineTotalCents: 4350,
      notes: 'extra basil',
    });
    expect(priceLine(margherita, 1).notes).toBeNull();
  });

  it('charges tax on the subtotal only, not on the delivery fee', () => {
    const totals = computeTotals([{ lineTotalCents: 2900 }], 299, 1000);
    expect(totals).toEqual({ subtotalCents: 2900, deliveryFeeCents: 299, taxCents: 290, totalCents: 3489 });
  });

  it('rounds tax half up in integer cents', () => {
    expect(applyBasisPoints(1005, 1000)).toBe(101); // 100.5 -> 101
    expect(applyBasisPoints(1004, 1000)).toBe(100); // 100.4 -> 100
    expect(applyBasisPoints(1450, 1025)).toBe(149); // 148.625 -> 149
    expect(applyBasisPoints(100, 0)).toBe(0);
  });

  it('never produces fractional cents for any quantity or rate', () => {
    for (let bps = 0; bps <= 2500; bps += 37) {
      for (const sub of [1, 99, 1450, 123457]) {
        const t = computeTotals([{ lineTotalCents: sub }], 0, bps);
        expect(Number.isInteger(t.taxCents)).toBe(true);
        expect(t.totalCents).toBe(sub + t.taxCents);
      }
    }
  });

  it('formats money for speech and screens, minding zero-decimal currencies', () => {
    expect(formatMoney(1450, 'USD')).toBe('$14.50');
    expect(centsToMajor(1450, 'USD')).toBe(14.5);
    expect(centsToMajor(1450, 'JPY')).toBe(1450);
  });
});
