/** Sequence values a process reserves at once; the sequence's INCREMENT (see migration OrderNumberBlocks). */
export const ORDER_NUMBER_BLOCK = 20;

/** Letters that cannot be mistaken for digits when read aloud or written down (no I, O). */
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * A short number a caller can say: a letter and four digits (`A-1042`). The sequence value picks both, so
 * numbers stay unique: after A-9999 comes B-0000, after Z-9999 two letters.
 */
export function formatOrderNumber(sequence: number): string {
  const block = Math.floor(sequence / 10_000);
  const digits = String(sequence % 10_000).padStart(4, '0');
  let prefix = LETTERS[block % LETTERS.length];
  if (block >= LETTERS.length) prefix = LETTERS[Math.floor(block / LETTERS.length - 1) % LETTERS.length] + prefix;
  return `${prefix}-${digits}`;
}

/** Accepts what people type or say: "a1042", "A 1042", "a-1042". */
export function normalizeOrderNumber(input: string): string | null {
  const compact = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const match = /^([A-Z]{1,2})(\d{4})$/.exec(compact);
  return match ? `${match[1]}-${match[2]}` : null;
}
