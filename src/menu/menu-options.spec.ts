import fc from 'fast-check';
import { DomainError, ErrorCode } from '@/common/domain-error.js';
import {
  chooseOptions,
  describeOptions,
  type DishWithOptions,
  listChoices,
  lowestUnitPrice,
  type OptionGroupView,
} from './menu-options.js';
import { priceLine } from '@/orders/pricing.js';

const option = (id: string, name: string, priceDeltaCents = 0, extra: { available?: boolean; isDefault?: boolean } = {}) => ({
  id,
  name,
  priceDeltaCents,
  available: extra.available ?? true,
  isDefault: extra.isDefault ?? false,
});

const size: OptionGroupView = {
  id: 'g-size',
  name: 'Size',
  minChoices: 1,
  maxChoices: 1,
  options: [option('small', 'Small', -200), option('medium', 'Medium', 0, { isDefault: true }), option('large', 'Large', 500)],
};
const toppings: OptionGroupView = {
  id: 'g-top',
  name: 'Toppings',
  minChoices: 0,
  maxChoices: 2,
  options: [
    option('cheese', 'Extra cheese', 200, { isDefault: true }),
    option('olives', 'Olives', 100),
    option('mush', 'Mushrooms', 150, { available: false }),
  ],
};
const pizza: DishWithOptions = { id: 'pizza', name: 'Margherita Pizza', priceCents: 1450, optionGroups: [size, toppings] };

/** The refusal `work` throws: its code, message and details. */
function refusal(work: () => unknown): DomainError {
  try {
    work();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('chooseOptions', () => {
  it('returns the chosen options group by group in menu order, whatever order they were sent in', () => {
    expect(chooseOptions(pizza, ['olives', 'large'])).toEqual([
      { optionId: 'large', group: 'Size', name: 'Large', priceDeltaCents: 500 },
      { optionId: 'olives', group: 'Toppings', name: 'Olives', priceDeltaCents: 100 },
    ]);
  });

  it('fills a required group the client sent nothing for with its default, and never an optional one', () => {
    expect(chooseOptions(pizza, [])).toEqual([{ optionId: 'medium', group: 'Size', name: 'Medium', priceDeltaCents: 0 }]);
    expect(chooseOptions(pizza, ['small']).map((o) => o.name)).toEqual(['Small']);
  });

  it('asks for a required choice that has no default, naming the dish, the group and the choices', () => {
    const sauce: OptionGroupView = {
      id: 'g-sauce',
      name: 'Sauce',
      minChoices: 1,
      maxChoices: 1,
      options: [option('chili', 'Chili'), option('honey', 'Honey garlic'), option('buffalo', 'Buffalo', 0, { available: false })],
    };
    const e = refusal(() => chooseOptions({ id: 'wings', name: 'Chicken Wings', priceCents: 1200, optionGroups: [sauce] }, []));
    expect(e.code).toBe(ErrorCode.OPTION_REQUIRED);
    expect(e.message).toBe('Chicken Wings needs a sauce: Chili or Honey garlic.');
    expect(e.details).toEqual({ menuItemId: 'wings', optionGroupId: 'g-sauce' });
  });

  it('refuses an option of another dish or an unknown id', () => {
    const e = refusal(() => chooseOptions(pizza, ['large', 'not-ours']));
    expect(e.code).toBe(ErrorCode.UNKNOWN_OPTION);
    expect(e.message).toBe('That is not an option of Margherita Pizza; it has choices of size and toppings.');
    expect(e.details).toEqual({ menuItemId: 'pizza', optionIds: ['not-ours'] });
    const plain = refusal(() => chooseOptions({ id: 't', name: 'Tiramisu', priceCents: 850, optionGroups: [] }, ['large']));
    expect(plain.message).toBe('Tiramisu has no options to choose.');
  });

  it('refuses an unavailable option and says what is left', () => {
    const e = refusal(() => chooseOptions(pizza, ['mush']));
    expect(e.code).toBe(ErrorCode.OPTION_UNAVAILABLE);
    expect(e.message).toBe('Sorry, Mushrooms is not available for Margherita Pizza right now. Toppings: Extra cheese or Olives.');
  });

  it('refuses too many choices in a group, and two sizes', () => {
    const toppingsOver = refusal(() => chooseOptions({ ...pizza, optionGroups: [{ ...toppings, maxChoices: 1 }] }, ['cheese', 'olives']));
    expect(toppingsOver.code).toBe(ErrorCode.TOO_MANY_OPTIONS);
    expect(toppingsOver.message).toBe('Margherita Pizza takes at most 1 toppings; 2 were chosen.');
    expect(refusal(() => chooseOptions(pizza, ['small', 'large'])).message).toBe('Margherita Pizza takes a size; 2 were chosen.');
  });

  it('refuses the same option twice', () => {
    const e = refusal(() => chooseOptions(pizza, ['olives', 'olives']));
    expect(e.code).toBe(ErrorCode.OPTION_REPEATED);
    expect(e.message).toBe('Margherita Pizza: "Olives" was chosen twice; each option can be chosen once.');
  });

  it('prices a line as the dish plus its options, times the quantity', () => {
    const line = priceLine(pizza, 3, null, chooseOptions(pizza, ['large', 'cheese', 'olives']));
    expect(line.unitPriceCents).toBe(1450 + 500 + 200 + 100);
    expect(line.lineTotalCents).toBe(3 * 2250);
  });

  it('accepts exactly the selections that fit every group, and never prices one below the lowest price (property)', () => {
    const ids = pizza.optionGroups.flatMap((g) => g.options.map((o) => o.id));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ids), { maxLength: 6 }), (picked) => {
        const unique = new Set(picked).size === picked.length;
        const perGroup = pizza.optionGroups.map((g) => g.options.filter((o) => picked.includes(o.id)));
        const fits =
          unique &&
          perGroup.every((chosen, i) => {
            const g = pizza.optionGroups[i];
            const count = chosen.length === 0 && g.minChoices > 0 ? 1 : chosen.length; // a default fills it
            return chosen.every((o) => o.available) && count >= g.minChoices && count <= g.maxChoices;
          });
        let accepted = true;
        let price = 0;
        try {
          price = priceLine(pizza, 1, null, chooseOptions(pizza, picked)).unitPriceCents;
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          accepted = false;
        }
        expect(accepted).toBe(fits);
        if (accepted) expect(price).toBeGreaterThanOrEqual(lowestUnitPrice(pizza.priceCents, pizza.optionGroups));
      }),
    );
  });
});

describe('lowestUnitPrice', () => {
  it('takes the cheapest required choices and every price cut a group allows', () => {
    expect(lowestUnitPrice(1450, [size, toppings])).toBe(1250);
    const discounts: OptionGroupView = {
      ...toppings,
      minChoices: 0,
      maxChoices: 2,
      options: [option('a', 'A', -300), option('b', 'B', -400), option('c', 'C', -500)],
    };
    expect(lowestUnitPrice(1000, [discounts])).toBe(1000 - 500 - 400);
    expect(lowestUnitPrice(500, [discounts])).toBeLessThan(0);
  });
});

describe('wording', () => {
  it('lists the available choices as they are read aloud, and a line as the kitchen reads it', () => {
    expect(listChoices(size)).toBe('Small, Medium or Large');
    expect(listChoices({ ...size, options: [size.options[0]] })).toBe('Small');
    expect(describeOptions([{ name: 'Large' }, { name: 'Extra cheese' }, { name: 'No basil' }])).toBe('Large · Extra cheese · No basil');
  });
});
