import { describe, expect, it } from '@jest/globals';
import { prepMinutes, travelMinutes } from './kitchen-times.js';

const cfg = { prepBaseMinutes: 15, prepPerItemMinutes: 2, deliveryBaseMinutes: 10, deliveryMinutesPerKm: 3 };

describe('kitchen times', () => {
  it("prepares an order in the base plus each portion, at the dish's own minutes where it has them", () => {
    expect(prepMinutes([], cfg)).toBe(15);
    expect(prepMinutes([{ quantity: 3, prepMinutes: null }], cfg)).toBe(21);
    // Two pizzas at 6 minutes, four drinks at 0, one salad at the default 2.
    expect(
      prepMinutes(
        [
          { quantity: 2, prepMinutes: 6 },
          { quantity: 4, prepMinutes: 0 },
          { quantity: 1, prepMinutes: null },
        ],
        cfg,
      ),
    ).toBe(15 + 12 + 0 + 2);
  });

  it('drives a delivery in the base plus minutes per km, counted in started 100 m', () => {
    expect(travelMinutes(null, cfg)).toBe(10);
    expect(travelMinutes(0, cfg)).toBe(10);
    expect(travelMinutes(1000, cfg)).toBe(13);
    expect(travelMinutes(1001, cfg)).toBe(14); // 1.1 km: 3.3 minutes, rounded up
    expect(travelMinutes(5400, cfg)).toBe(10 + 17); // 16.2 minutes, rounded up
  });
});
