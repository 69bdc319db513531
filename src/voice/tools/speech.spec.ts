import { formatMoney } from '@/common/money.js';
import { joinAlternatives, joinWords, oneLine, spellOrderNumber } from './speech.js';

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
});
