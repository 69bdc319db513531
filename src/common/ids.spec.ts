import { newId } from './ids.js';

describe('newId', () => {
  it('is a UUIDv7 that starts with the time, with fresh random bits even within one millisecond', () => {
    const before = Date.now();
    const ids = Array.from({ length: 1000 }, newId);
    const after = Date.now();
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
      expect(ms).toBeGreaterThanOrEqual(before);
      expect(ms).toBeLessThanOrEqual(after);
    }
    expect(new Set(ids).size).toBe(ids.length);
    // Ids of one millisecond do not count up from each other: their random parts differ in more than the last bits.
    const sameMs = ids.filter((id) => id.slice(0, 13) === ids[0].slice(0, 13));
    const tails = sameMs.map((id) => BigInt(`0x${id.replace(/-/g, '').slice(13)}`));
    for (let i = 1; i < tails.length; i++) {
      const gap = tails[i] > tails[i - 1] ? tails[i] - tails[i - 1] : tails[i - 1] - tails[i];
      expect(gap > 1n << 40n).toBe(true);
    }
  });
});
