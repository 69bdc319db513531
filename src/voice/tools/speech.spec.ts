import { joinAlternatives, joinWords } from '@/common/spoken-list.js';
import { formatMoney } from '@/common/money.js';
import { choicesByDish, describeChoices, describeLine, describeMenu, MAX_RESULT_CHARS, oneLine, spellOrderNumber } from './speech.js';

describe('speech helpers', () => {
  it('spells order numbers one character at a time', () => {
    expect(spellOrderNumber('A-1042')).toBe('A 1 0 4 2');
    expect(spellOrderNumber('AB-0007')).toBe('A B 0 0 0 7');
  });

  it('keeps results on one line without control characters', () => {
    expect(oneLine('Pizzas:\n  Margherita\t$14.50\r\n')).toBe('Pizzas: Margherita $14.50');
    expect(oneLine('x'.repeat(2000)).length).toBe(1500);
  });

  it('says money as money and lists as words', () => {
    expect(formatMoney(1450, 'USD')).toBe('$14.50');
    expect(formatMoney(1200, 'JPY')).toBe('¥1,200');
    expect(joinWords(['a', 'b', 'c'])).toBe('a, b and c');
    expect(joinAlternatives(['a', 'b'])).toBe('a or b');
    expect(joinWords(['a'])).toBe('a');
  });

  it('reads a line with its choices: a size before the dish, the rest after "with", notes last', () => {
    const large = { group: 'Size', name: 'Large' };
    expect(describeLine({ quantity: 2, name: 'Margherita Pizza', options: [large, { group: 'Toppings', name: 'Extra cheese' }] })).toBe(
      '2 Large Margherita Pizza with Extra cheese',
    );
    expect(
      describeLine({
        quantity: 1,
        name: 'Margherita Pizza',
        notes: 'well done',
        options: [large, { group: 'Toppings', name: 'Olives' }, { group: 'Leave off', name: 'No basil' }],
      }),
    ).toBe('1 Large Margherita Pizza with Olives and No basil (well done)');
    // A size that starts with a number comes after the dish: never "1 1 liter San Pellegrino".
    expect(describeLine({ quantity: 1, name: 'San Pellegrino', options: [{ group: 'Size', name: '1 liter' }] })).toBe(
      '1 San Pellegrino (1 liter)',
    );
    expect(describeLine({ quantity: 1, name: 'Chicken Wings', options: [{ group: 'Sauce', name: 'Honey garlic' }] })).toBe(
      '1 Chicken Wings with Honey garlic',
    );
    expect(describeLine({ quantity: 1, name: 'Tiramisu', notes: 'no cocoa', options: [] })).toBe('1 Tiramisu (no cocoa)');
  });

  const size = {
    name: 'Size',
    minChoices: 1,
    maxChoices: 1,
    options: [
      { name: 'Small', priceDeltaCents: -200, available: true, isDefault: false },
      { name: 'Medium', priceDeltaCents: 0, available: true, isDefault: true },
      { name: 'Large', priceDeltaCents: 500, available: true, isDefault: false },
    ],
  };
  const toppings = {
    name: 'Toppings',
    minChoices: 0,
    maxChoices: 5,
    options: [
      { name: 'Extra cheese', priceDeltaCents: 200, available: true, isDefault: false },
      { name: 'Olives', priceDeltaCents: 100, available: false, isDefault: false },
      { name: 'Fresh basil', priceDeltaCents: 50, available: true, isDefault: true },
    ],
  };

  it("says a dish's choices briefly: how many, what can be had now, price changes with a currency, defaults of required groups", () => {
    expect(describeChoices([size, toppings], 'USD')).toBe(
      'Size (pick 1): Small -$2.00, Medium (default) or Large +$5.00; Toppings (up to 5): Extra cheese +$2.00 or Fresh basil +$0.50',
    );
    expect(describeChoices([size, toppings])).toBe(
      'Size (pick 1): Small, Medium (default) or Large; Toppings (up to 5): Extra cheese or Fresh basil',
    );
    expect(describeChoices([{ ...size, name: 'Sauces', minChoices: 2, maxChoices: 3 }])).toBe(
      'Sauces (pick 2 to 3): Small, Medium (default) or Large',
    );
    expect(describeChoices([{ ...toppings, options: [toppings.options[1]] }])).toBe('Toppings (up to 5): none available now');
    expect(describeChoices([])).toBe('');
  });

  it('says choices once for a category whose dishes all have the same ones', () => {
    const pizza = { optionGroups: [size, toppings] };
    expect(choicesByDish([pizza, pizza], 'USD')).toEqual({ shared: describeChoices([size, toppings], 'USD'), each: ['', ''] });
    expect(choicesByDish([pizza, { optionGroups: [size] }])).toEqual({
      shared: null,
      each: [describeChoices([size, toppings]), describeChoices([size])],
    });
    expect(choicesByDish([{}, {}])).toEqual({ shared: null, each: ['', ''] });
    expect(choicesByDish([pizza])).toEqual({ shared: null, each: [describeChoices([size, toppings])] });
  });

  it("reads the menu by category with its choices, and leaves the choices to one category's getMenu when all would be cut off", () => {
    const pizza = (name: string) => ({ name, category: 'Pizzas', priceCents: 1450, optionGroups: [size, toppings] });
    const menu = [pizza('Margherita Pizza'), pizza('Funghi Pizza'), { name: 'Tiramisu', category: 'Desserts', priceCents: 850 }];
    expect(describeMenu(menu, ['Pizzas', 'Desserts'], 'USD')).toBe(
      `Pizzas: Margherita Pizza $14.50, Funghi Pizza $14.50. Choices for each: ${describeChoices([size, toppings], 'USD')}. Desserts: Tiramisu $8.50.`,
    );
    // Many dishes with choices of their own: the whole menu would be cut off, so it comes without them.
    const many = Array.from({ length: 20 }, (_, i) => ({ ...pizza(`Pizza number ${i}`), category: `Category ${i}` }));
    const categories = many.map((m) => m.category);
    const whole = describeMenu(many, categories, 'USD');
    expect(whole.length).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    expect(whole).toMatch(
      /^Category 0: Pizza number 0 \$14\.50\. Category 1: .* Category 19: Pizza number 19 \$14\.50\. For the choices of a dish/,
    );
    expect(whole).not.toContain('Size (pick 1)');
    // One category at a time still has them.
    expect(describeMenu(many, ['Category 3'], 'USD')).toBe(
      `Category 3: Pizza number 3 $14.50. Pizza number 3 choices: ${describeChoices([size, toppings], 'USD')}.`,
    );
  });
});
