import { DEMO_MENU, DEMO_OPTION_GROUPS } from '@/menu/demo-menu.js';
import { MatchableItem, matchDishWithChoices, matchMenuItem, matchOption, MenuMatch, tokens } from './menu-matcher.js';

const menu = DEMO_MENU.map((m, i) => ({ id: `id-${i}`, name: m.name, available: m.name !== 'Cannoli' }));
const found = (q: string) => {
  const r = matchMenuItem(q, menu);
  return r.kind === 'found' ? r.item.name : r.kind;
};

describe('matchMenuItem', () => {
  it.each([
    ['Margherita Pizza', 'Margherita Pizza'],
    ['margherita pizza', 'Margherita Pizza'],
    ['margheritas', 'Margherita Pizza'],
    ['Margheritas', 'Margherita Pizza'],
    ['margarita pizza', 'Margherita Pizza'],
    ['pepperonni', 'Pepperoni Pizza'],
    ['carbonara', 'Spaghetti Carbonara'],
    ['garlic knot', 'Garlic Knots'],
    ['chicken wings', 'Chicken Wings'],
    ['wings', 'Chicken Wings'],
    ['TIRAMISU', 'Tiramisu'],
    ['caesar salads', 'Caesar Salad'],
    ['coca cola', 'Coca-Cola'],
    ['the lasagna', 'Lasagna Bolognese'],
  ])('finds %s', (query, name) => {
    expect(found(query)).toBe(name);
  });

  it('calls a name shared by several dishes ambiguous and lists them', () => {
    const r = matchMenuItem('salad', menu);
    expect(r.kind).toBe('ambiguous');
    if (r.kind === 'ambiguous') expect(r.candidates.map((c) => c.name).sort()).toEqual(['Caesar Salad', 'Caprese Salad']);
    const pizza = matchMenuItem('pizza', menu);
    expect(pizza.kind).toBe('ambiguous');
    if (pizza.kind === 'ambiguous') expect(pizza.candidates.length).toBeGreaterThanOrEqual(3);
  });

  it('calls an unknown dish unknown and suggests close available dishes', () => {
    const r = matchMenuItem('sushi platter', menu);
    expect(r.kind).toBe('unknown');
    if (r.kind === 'unknown') {
      expect(r.suggestions.length).toBeGreaterThan(0);
      expect(r.suggestions.every((s) => s.available)).toBe(true);
    }
    expect(matchMenuItem('', menu).kind).toBe('unknown');
  });

  it('still finds an unavailable dish, so the caller hears it is sold out rather than unknown', () => {
    const r = matchMenuItem('cannoli', menu);
    expect(r.kind === 'found' && r.item.name).toBe('Cannoli');
  });

  it('normalizes case, accents, punctuation and plurals', () => {
    expect(tokens('Crème Brûlée & Berries!')).toEqual(['creme', 'brulee', 'and', 'berry']);
    expect(tokens('Garlic Knots')).toEqual(['garlic', 'knot']);
  });
});

/** The demo dishes with their choices, as MenuService seeds them (option ids made up). */
const dishes = DEMO_MENU.map((m, i) => ({
  id: `id-${i}`,
  name: m.name,
  available: true,
  optionGroups: (DEMO_OPTION_GROUPS[m.name] ?? []).map((g, j) => ({
    name: g.name,
    maxChoices: g.maxChoices,
    options: g.options.map(([name], k) => ({ id: `opt-${i}-${j}-${k}`, name, available: name !== 'Olives' })),
  })),
}));
const groupsOf = (dish: string) => dishes.find((d) => d.name === dish)!.optionGroups;
const said = (r: MenuMatch<MatchableItem>) =>
  r.kind === 'found' ? r.item.name : r.kind === 'ambiguous' ? `either ${r.candidates.map((c) => c.name).join(' or ')}` : 'unknown';

describe('matchOption', () => {
  it.each([
    ['Margherita Pizza', 'large', 'Large'],
    ['Margherita Pizza', 'LARGE', 'Large'],
    ['Margherita Pizza', 'a large', 'Large'],
    ['Margherita Pizza', 'large size', 'Large'],
    ['Margherita Pizza', 'lage', 'Large'],
    ['Margherita Pizza', 'extra cheese', 'Extra cheese'],
    ['Margherita Pizza', 'Extra Cheese', 'Extra cheese'],
    ['Margherita Pizza', 'cheese', 'Extra cheese'],
    ['Margherita Pizza', 'extra mushrooms', 'Mushrooms'],
    ['Margherita Pizza', 'add mushroom', 'Mushrooms'],
    ['Margherita Pizza', 'jalapenos', 'Jalapeños'],
    ['Margherita Pizza', 'pepperonis', 'Pepperoni'],
    ['Margherita Pizza', 'basil', 'Fresh basil'],
    ['Margherita Pizza', 'no basil', 'No basil'],
    ['Margherita Pizza', 'without garlic', 'No garlic'],
    ['Margherita Pizza', 'hold the garlic', 'No garlic'],
    ['Margherita Pizza', 'leave off the basil', 'No basil'],
    ['Margherita Pizza', 'light on the sauce', 'Light sauce'],
    ['Caesar Salad', 'ranch', 'Ranch'],
    ['Caesar Salad', 'ranch dressing', 'Ranch'],
    ['Caesar Salad', 'with ranch', 'Ranch'],
    ['Caesar Salad', 'lemon olive oil', 'Lemon and olive oil'],
    ['Caesar Salad', 'chicken', 'Grilled chicken'],
    ['Chicken Wings', 'buffalo sauce', 'Buffalo'],
    ['Chicken Wings', 'honey garlic', 'Honey garlic'],
    ['San Pellegrino', 'one liter', '1 liter'],
    ['San Pellegrino', '500ml', '500 ml'],
    ['Coca-Cola', 'a bottle', 'Bottle'],
  ])('%s: "%s" is %s', (dish, query, option) => {
    expect(said(matchOption(query, groupsOf(dish)))).toBe(option);
  });

  it('never takes what is left off for what is added, or the reverse', () => {
    // "No olives" is not an option: it must not become Olives.
    expect(said(matchOption('no olives', groupsOf('Margherita Pizza')))).toBe('unknown');
    // Nothing adds garlic; "garlic" must not become No garlic.
    expect(said(matchOption('garlic', groupsOf('Margherita Pizza')))).toBe('unknown');
    // Positive control: the same words find the option of the same polarity.
    expect(said(matchOption('olives', groupsOf('Margherita Pizza')))).toBe('Olives');
    expect(said(matchOption('no garlic', groupsOf('Margherita Pizza')))).toBe('No garlic');
  });

  it('drops a word of adding only when what is left is the whole name', () => {
    // "extra sauce" is not Light sauce, and an "extra large" is not a Large (a size is one choice).
    expect(said(matchOption('extra sauce', groupsOf('Margherita Pizza')))).toBe('unknown');
    expect(said(matchOption('extra large', groupsOf('Margherita Pizza')))).toBe('unknown');
    const sizes = [{ name: 'Size', maxChoices: 1, options: ['Large', 'Extra large'].map((name) => ({ id: name, name, available: true })) }];
    expect(said(matchOption('extra large', sizes))).toBe('Extra large');
    expect(said(matchOption('large', sizes))).toBe('Large');
  });

  it('calls a choice that fits several options ambiguous, and one that fits none unknown', () => {
    const toppings = [
      { name: 'Toppings', maxChoices: 5, options: ['Fresh basil', 'Thai basil'].map((name) => ({ id: name, name, available: true })) },
    ];
    expect(said(matchOption('basil', toppings))).toBe('either Fresh basil or Thai basil');
    expect(said(matchOption('pineapple', groupsOf('Margherita Pizza')))).toBe('unknown');
    expect(said(matchOption('large', groupsOf('San Pellegrino')))).toBe('unknown');
    expect(said(matchOption('large', groupsOf('Tiramisu')))).toBe('unknown');
    expect(said(matchOption('', groupsOf('Margherita Pizza')))).toBe('unknown');
  });

  it('still finds an option that ran out, so the caller hears it is out rather than unknown', () => {
    expect(said(matchOption('olives', groupsOf('Margherita Pizza')))).toBe('Olives');
  });
});

describe('matchDishWithChoices', () => {
  const split = (query: string) => {
    const r = matchDishWithChoices(query, dishes);
    return r && `${r.item.name}: ${r.choices.map((c) => c.name).join(', ')}`;
  };

  it.each([
    ['large margherita', 'Margherita Pizza: Large'],
    ['large margherita pizza', 'Margherita Pizza: Large'],
    ['margherita with extra cheese', 'Margherita Pizza: Extra cheese'],
    ['large margherita with extra cheese and no basil', 'Margherita Pizza: Large, Extra cheese, No basil'],
    ['pepperoni pizza with mushrooms and olives', 'Pepperoni Pizza: Mushrooms, Olives'],
    ['chicken wings honey garlic', 'Chicken Wings: Honey garlic'],
    ['caesar salad with ranch', 'Caesar Salad: Ranch'],
    ['caesar salad with lemon and olive oil', 'Caesar Salad: Lemon and olive oil'],
  ])('"%s" is %s', (query, expected) => {
    expect(split(query)).toBe(expected);
  });

  it('gives nothing unless every word is the dish or one of its options, for one dish', () => {
    expect(split('margherita pizza')).toBeNull(); // no choices said
    expect(split('margherita pizza with pineapple')).toBeNull(); // a word that is no option
    expect(split('large pizza')).toBeNull(); // "pizza" alone is several dishes
    expect(split('tiramisu with cream')).toBeNull(); // no choices at all
    expect(split('margherita')).toBeNull();
  });
});
