import { formatMoney } from '@/common/money.js';
import { joinAlternatives, joinWords } from '@/common/spoken-list.js';

/** The longest tool result; a longer one is cut off. */
export const MAX_RESULT_CHARS = 1500;

/** Tool results are read by a voice model: one line, no markup, no control characters. */
export function oneLine(text: string, maxLength = MAX_RESULT_CHARS): string {
  const flat = text
    // eslint-disable-next-line no-control-regex -- control characters become spaces: a voice model reads this text
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 3)}...` : flat;
}

/** `A-1042` -> `A 1 0 4 2`: said one character at a time so the caller can note it down. */
export function spellOrderNumber(orderNumber: string): string {
  return orderNumber
    .replace(/[^A-Za-z0-9]/g, '')
    .split('')
    .join(' ');
}

/** An option of a line as ordered (OrderDto and QuoteDto lines carry them, defaults included). */
interface LineOption {
  group: string;
  name: string;
}

/**
 * "2 Large Margherita Pizza with Extra cheese and No basil (well done)", "1 San Pellegrino (1 liter)",
 * "1 Tiramisu (no cocoa)": a size is said before the dish (after it, in brackets, when it starts with a number, so
 * "1 1 liter" is never said), every other option after "with", in the menu's order.
 */
export function describeLine(line: { quantity: number; name: string; notes?: string | null; options?: readonly LineOption[] }): string {
  const options = line.options ?? [];
  const isSize = (o: LineOption) => /\bsizes?\b/i.test(o.group);
  const sizes = options.filter(isSize);
  const before = sizes.filter((o) => /^\p{L}/u.test(o.name)).map((o) => `${o.name} `);
  const after = sizes.filter((o) => !/^\p{L}/u.test(o.name)).map((o) => ` (${o.name})`);
  const others = options.filter((o) => !isSize(o)).map((o) => o.name);
  return (
    `${line.quantity} ${before.join('')}${line.name}${after.join('')}` +
    `${others.length > 0 ? ` with ${joinWords(others)}` : ''}${line.notes ? ` (${line.notes})` : ''}`
  );
}

/** A dish's group of choices as the menu describes it (MenuItemDto's optionGroups). */
export interface ChoiceGroup {
  name: string;
  minChoices: number;
  maxChoices: number;
  options: readonly { name: string; priceDeltaCents: number; available: boolean; isDefault: boolean }[];
}

/**
 * A dish's choices in one breath, for the prompt, getMenu and a refusal: "Size (pick 1): Small -$2.00, Medium
 * (default) or Large +$5.00; Toppings (up to 5): Extra cheese +$2.00, ...". Only options that can be had now; price
 * changes only with a currency; "(default)" only where a default is used (a required group the caller says
 * nothing for).
 */
export function describeChoices(groups: readonly ChoiceGroup[], currency?: string): string {
  return groups
    .map((group) => {
      const how =
        group.minChoices === group.maxChoices
          ? `pick ${group.minChoices}`
          : group.minChoices === 0
            ? `up to ${group.maxChoices}`
            : `pick ${group.minChoices} to ${group.maxChoices}`;
      const options = group.options
        .filter((o) => o.available)
        .map((o) => {
          const price =
            currency && o.priceDeltaCents !== 0 ? ` ${o.priceDeltaCents > 0 ? '+' : ''}${formatMoney(o.priceDeltaCents, currency)}` : '';
          return `${o.name}${price}${o.isDefault && group.minChoices > 0 ? ' (default)' : ''}`;
        });
      return `${group.name} (${how}): ${options.length > 0 ? joinAlternatives(options) : 'none available now'}`;
    })
    .join('; ');
}

/**
 * The choices of one category's dishes: `shared` once when every dish has the same ones (the demo's pizzas), so a
 * menu with many pizzas does not repeat them; otherwise `each[i]` for dish i ('' for a dish without choices).
 */
export function choicesByDish(
  dishes: readonly { optionGroups?: readonly ChoiceGroup[] }[],
  currency?: string,
): { shared: string | null; each: string[] } {
  const each = dishes.map((d) => describeChoices(d.optionGroups ?? [], currency));
  if (dishes.length > 1 && each[0] !== '' && each.every((c) => c === each[0])) return { shared: each[0], each: each.map(() => '') };
  return { shared: null, each };
}

/** A dish as getMenu reads it. */
interface MenuDish {
  name: string;
  category: string;
  priceCents: number;
  optionGroups?: readonly ChoiceGroup[];
}

/**
 * getMenu's answer for some categories: "Pizzas: Margherita Pizza $14.50, ... Choices for each: Size (pick 1): ...".
 * When the whole menu with its choices would be cut off (MAX_RESULT_CHARS), the dishes come without choices and the
 * assistant is told to ask one category at a time: a dish is never lost to the cut.
 */
export function describeMenu(menu: readonly MenuDish[], categories: readonly string[], currency: string): string {
  const describe = (withChoices: boolean) =>
    categories
      .map((c) => {
        const dishes = menu.filter((m) => m.category === c);
        const list = `${c}: ${dishes.map((m) => `${m.name} ${formatMoney(m.priceCents, currency)}`).join(', ')}.`;
        const choices = choicesByDish(withChoices ? dishes : [], currency);
        if (choices.shared) return `${list} Choices for each: ${choices.shared}.`;
        return [list, ...dishes.flatMap((m, i) => (choices.each[i] ? [`${m.name} choices: ${choices.each[i]}.`] : []))].join(' ');
      })
      .join(' ');
  const full = describe(true);
  if (full.length <= MAX_RESULT_CHARS || categories.length === 1) return full;
  return `${describe(false)} For the choices of a dish (sizes, toppings...), call getMenu with its category.`;
}
