import { DEMO_MENU } from '@/menu/demo-menu.js';
import { matchMenuItem, tokens } from './menu-matcher.js';

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
