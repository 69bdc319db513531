import { formatOrderNumber, normalizeOrderNumber } from './order-number.js';

describe('order numbers', () => {
  it('are a letter and four digits', () => {
    expect(formatOrderNumber(1001)).toBe('A-1001');
    expect(formatOrderNumber(9999)).toBe('A-9999');
    expect(formatOrderNumber(10000)).toBe('B-0000');
    expect(formatOrderNumber(10000 * 24 - 1)).toBe('Z-9999');
    expect(formatOrderNumber(10000 * 24)).toBe('AA-0000');
  });

  it('stay unique across a long range of sequence values', () => {
    const seen = new Set<string>();
    for (let n = 1001; n < 600_000; n += 7) seen.add(formatOrderNumber(n));
    expect(seen.size).toBe(Math.ceil((600_000 - 1001) / 7));
  });

  it('are recognised however a person types them', () => {
    expect(normalizeOrderNumber('a1042')).toBe('A-1042');
    expect(normalizeOrderNumber(' A 1 0 4 2 ')).toBe('A-1042');
    expect(normalizeOrderNumber('A-1042')).toBe('A-1042');
    expect(normalizeOrderNumber('1042')).toBeNull();
    expect(normalizeOrderNumber('hello')).toBeNull();
  });
});
