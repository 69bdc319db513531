/** A menu entry as the matcher sees it. */
export interface MatchableItem {
  id: string;
  name: string;
  available: boolean;
}

export type MenuMatch<T extends MatchableItem> =
  { kind: 'found'; item: T } | { kind: 'ambiguous'; candidates: T[] } | { kind: 'unknown'; suggestions: T[] };

const FILLER = new Set(['a', 'an', 'the', 'of', 'please', 'some', 'order', 'orders']);
const ACCEPT = 0.6;
const TIE = 0.05;

/**
 * Finds the dish a caller named: case-insensitive, plural-tolerant ("margheritas"), forgiving of small slips
 * ("margarita", "pepperonni") and of partial names ("carbonara" for "Spaghetti Carbonara"). Two dishes scoring
 * about the same is ambiguous ("pizza", "salad"); nothing close enough is unknown, with the closest dishes.
 */
export function matchMenuItem<T extends MatchableItem>(query: string, menu: T[]): MenuMatch<T> {
  const q = tokens(query);
  if (q.length === 0 || menu.length === 0) return { kind: 'unknown', suggestions: menu.slice(0, 3) };
  const scored = menu
    .map((item) => ({ item, score: score(q, tokens(item.name)) }))
    .sort((a, b) => b.score - a.score || a.item.name.localeCompare(b.item.name));
  const best = scored[0];
  if (best.score < ACCEPT) {
    return {
      kind: 'unknown',
      suggestions: scored
        .filter((s) => s.item.available)
        .slice(0, 3)
        .map((s) => s.item),
    };
  }
  if (best.score >= 1) return { kind: 'found', item: best.item };
  const close = scored.filter((s) => s.score >= best.score - TIE);
  if (close.length > 1) return { kind: 'ambiguous', candidates: close.slice(0, 5).map((s) => s.item) };
  return { kind: 'found', item: best.item };
}

export function tokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((t) => t && !FILLER.has(t))
    .map(singular);
}

function singular(word: string): string {
  if (word.length <= 3 || word.endsWith('ss')) return word;
  if (/(ch|sh|x|ss|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** 1 = same name; ~0.7-0.99 = every spoken word is (nearly) in the name; else overall spelling similarity. */
function score(query: string[], name: string[]): number {
  const q = query.join(' ');
  const n = name.join(' ');
  if (q === n) return 1;
  let containment = 0;
  const matched = query.filter((qt) => name.some((nt) => closeWord(qt, nt)));
  if (matched.length === query.length) {
    const exact = query.filter((qt) => name.includes(qt)).length;
    containment = 0.7 + 0.25 * (matched.length / Math.max(name.length, query.length)) + 0.04 * (exact / query.length);
  }
  const similarity = 1 - levenshtein(q, n) / Math.max(q.length, n.length);
  return Math.min(0.99, Math.max(containment, similarity));
}

function closeWord(a: string, b: string): boolean {
  if (a === b) return true;
  const allowed = Math.min(a.length, b.length) >= 7 ? 2 : Math.min(a.length, b.length) >= 4 ? 1 : 0;
  return allowed > 0 && Math.abs(a.length - b.length) <= allowed && levenshtein(a, b) <= allowed;
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
