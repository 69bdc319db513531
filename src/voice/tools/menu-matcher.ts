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
  return decide(menu.map((item) => ({ item, score: score(q, tokens(item.name)) })));
}

/** A dish's group of choices as the matcher sees it ("Size": Small, Medium, Large). */
export interface MatchableGroup<O extends MatchableItem = MatchableItem> {
  name: string;
  /** How many of the group can be had; 1 makes "extra" part of an option's name rather than a word of adding. */
  maxChoices?: number;
  options: O[];
}

/** Words a caller puts before a choice to add it ("extra mushrooms", "add olives", "with ranch"). */
const ADDING = new Set(['add', 'with', 'extra', 'plus']);
/** Words that say "leave it off"; all read as "no", so "without garlic" and "hold the garlic" are "No garlic". */
const NEGATING = new Set(['no', 'without', 'hold', 'minus', 'skip', 'leave']);
/** Words between a dish and its choices, or between choices ("margherita with olives and mushrooms"). */
const JOINING = new Set(['with', 'and', 'plus']);

/**
 * Finds the option a caller named among a dish's groups, as loosely as dishes: case, plurals, small slips,
 * partial names ("cheese" for "Extra cheese"), words callers add ("extra mushrooms", "ranch dressing", "large
 * size") and ways of saying "no" ("without garlic", "hold the basil" for "No garlic", "No basil"). What is left
 * off never matches what is added and the reverse: "no olives" is never Olives, "basil" never No basil when
 * Fresh basil is there too (then it is ambiguous).
 */
export function matchOption<O extends MatchableItem>(query: string, groups: readonly MatchableGroup<O>[]): MenuMatch<O> {
  const q = optionTokens(query);
  const options = groups.flatMap((group) => group.options.map((option) => ({ option, group })));
  if (q.length === 0 || options.length === 0) return { kind: 'unknown', suggestions: [] };
  const leavesOff = q.includes('no');
  return decide(
    options.map(({ option, group }) => {
      const name = optionTokens(option.name);
      if (name.includes('no') !== leavesOff) return { item: option, score: 0 };
      // "Extra" is a word of adding only where more than one can be had: an "extra large" is not a Large.
      const plain = q.filter((t) => !ADDING.has(t) || (t === 'extra' && group.maxChoices === 1));
      const groupWords = new Set(optionTokens(group.name));
      const trimmed = [q.filter((t) => !groupWords.has(t)), plain, plain.filter((t) => !groupWords.has(t))].filter(
        (v) => v.length > 0 && v.length < q.length,
      );
      // Without the added words, only the whole name (or a slip of it) counts: "extra sauce" is not Light sauce.
      // Only the words as said can be an exact match: "extra large" is Extra large before it is Large.
      return { item: option, score: Math.max(score(q, name), ...trimmed.map((v) => Math.min(0.99, spelling(v, name)))) };
    }),
  );
}

/** A dish found with choices said in its name ("large margherita with extra cheese"). */
export interface DishWithChoices<D, O> {
  kind: 'found';
  item: D;
  choices: O[];
}

type OptionOf<D extends { optionGroups: readonly MatchableGroup[] }> = D['optionGroups'][number]['options'][number];

/** Longer names are not split (each split tries every run of words against every option of every dish). */
const MAX_SPLIT_WORDS = 12;
const MAX_CHOICE_WORDS = 6;

/**
 * A dish named with some of its choices in the same breath ("large margherita", "caesar salad with ranch",
 * "chicken wings honey garlic"): the words of one dish name that dish on their own, and every other word is one of
 * its options (or "with", "and"). Only an answer that accounts for every word, for exactly one dish, is given;
 * otherwise null, and the name is matched as a dish alone.
 */
export function matchDishWithChoices<D extends MatchableItem & { optionGroups: readonly MatchableGroup[] }>(
  query: string,
  menu: D[],
): DishWithChoices<D, OptionOf<D>> | null {
  const q = tokens(query);
  if (q.length < 2 || q.length > MAX_SPLIT_WORDS) return null;
  const found: DishWithChoices<D, OptionOf<D>>[] = [];
  for (const dish of menu) {
    if (dish.optionGroups.length === 0) continue;
    const name = tokens(dish.name);
    const ofDish = q.map((t) => name.some((n) => closeWord(t, n)));
    const dishWords = q.filter((_, i) => ofDish[i]);
    if (dishWords.length === 0 || dishWords.length === q.length) continue;
    const alone = matchMenuItem(dishWords.join(' '), menu);
    if (alone.kind !== 'found' || alone.item.id !== dish.id) continue;
    const runs: string[][] = [[]];
    q.forEach((t, i) => (ofDish[i] ? runs.push([]) : runs[runs.length - 1].push(t)));
    const parts = runs.map((run) => choicesIn(run, dish.optionGroups as readonly MatchableGroup<OptionOf<D>>[]));
    if (parts.some((p) => p === null)) continue;
    const choices = parts.flatMap((p) => p ?? []);
    if (choices.length > 0 && new Set(choices.map((c) => c.id)).size === choices.length) found.push({ kind: 'found', item: dish, choices });
  }
  return found.length === 1 ? found[0] : null;
}

/** The fewest options that, with joining words, account for every word of a run; null if some word is neither. */
function choicesIn<O extends MatchableItem>(words: string[], groups: readonly MatchableGroup<O>[]): O[] | null {
  // best[i]: the fewest options covering words[0..i).
  const best: (O[] | null)[] = [[], ...words.map(() => null)];
  for (let end = 1; end <= words.length; end++) {
    const before = best[end - 1];
    if (before && JOINING.has(words[end - 1])) best[end] = before;
    for (let start = Math.max(0, end - MAX_CHOICE_WORDS); start < end; start++) {
      const prefix = best[start];
      if (!prefix) continue;
      const match = matchOption(words.slice(start, end).join(' '), groups);
      const current = best[end];
      if (match.kind === 'found' && (!current || prefix.length + 1 < current.length)) best[end] = [...prefix, match.item];
    }
  }
  return best[words.length];
}

/** The best-scoring item if it stands out; several close to the best are ambiguous; none good enough is unknown. */
function decide<T extends MatchableItem>(candidates: { item: T; score: number }[]): MenuMatch<T> {
  const scored = candidates.sort((a, b) => b.score - a.score || a.item.name.localeCompare(b.item.name));
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

function optionTokens(text: string): string[] {
  return tokens(text).map((t) => (NEGATING.has(t) ? 'no' : t));
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
  return Math.min(0.99, Math.max(containment, spelling(query, name)));
}

/** How alike two names are spelled, word order included: 1 = the same. */
function spelling(query: string[], name: string[]): number {
  const q = query.join(' ');
  const n = name.join(' ');
  return 1 - levenshtein(q, n) / Math.max(q.length, n.length);
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
