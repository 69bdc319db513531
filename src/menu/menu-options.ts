import { DomainError, ErrorCode } from '@/common/domain-error.js';
import { joinAlternatives, joinWords } from '@/common/spoken-list.js';

/** A choice within a group ("Large", "Extra cheese"): its price change in minor units, and whether it can be had now. */
export interface MenuOptionView {
  id: string;
  name: string;
  priceDeltaCents: number;
  available: boolean;
  isDefault: boolean;
}

/** A dish's group of choices ("Size" 1..1, "Toppings" 0..5), options in display order. */
export interface OptionGroupView {
  id: string;
  name: string;
  minChoices: number;
  maxChoices: number;
  options: MenuOptionView[];
}

/** A dish with its groups in display order, as pricing sees it. */
export interface DishWithOptions {
  id: string;
  name: string;
  priceCents: number;
  optionGroups: OptionGroupView[];
}

/** An option as ordered: a snapshot that later menu edits never change (stored with the order line). */
export interface ChosenOption {
  optionId: string;
  group: string;
  name: string;
  priceDeltaCents: number;
}

/** "Small, Medium or Large" (the available options, as they can be read aloud). */
export function listChoices(group: OptionGroupView): string {
  return joinAlternatives(group.options.filter((o) => o.available).map((o) => o.name));
}

/** How many of a group must be chosen, in words: "a size", "at most 5 toppings", "2 to 3 sauces". */
function describeRange(group: OptionGroupView): string {
  const what = group.name.toLowerCase();
  if (group.minChoices === group.maxChoices) return group.minChoices === 1 ? `a ${what}` : `${group.minChoices} ${what}`;
  if (group.minChoices === 0) return `at most ${group.maxChoices} ${what}`;
  return `${group.minChoices} to ${group.maxChoices} ${what}`;
}

/**
 * The options of one order line, checked against the dish as it is now and returned in the menu's order (group by
 * group). Refuses, with a message that names the dish and the group and can be read aloud: an id that is not an
 * option of this dish, an unavailable option, the same option twice, too few or too many in a group. A required
 * group the client sent nothing for is filled with its available defaults; an optional group never is.
 */
export function chooseOptions(dish: DishWithOptions, optionIds: readonly string[] = []): ChosenOption[] {
  const groupOf = new Map<string, OptionGroupView>();
  for (const group of dish.optionGroups) for (const option of group.options) groupOf.set(option.id, group);

  const seen = new Set<string>();
  for (const id of optionIds) {
    if (seen.has(id)) {
      const group = groupOf.get(id);
      const option = group?.options.find((o) => o.id === id);
      throw new DomainError(
        ErrorCode.OPTION_REPEATED,
        `${dish.name}: ${option ? `"${option.name}"` : 'an option'} was chosen twice; each option can be chosen once.`,
        { menuItemId: dish.id, optionIds: [id] },
      );
    }
    seen.add(id);
  }
  const unknown = optionIds.filter((id) => !groupOf.has(id));
  if (unknown.length > 0) {
    const groups = dish.optionGroups.map((g) => g.name.toLowerCase());
    throw new DomainError(
      ErrorCode.UNKNOWN_OPTION,
      groups.length === 0
        ? `${dish.name} has no options to choose.`
        : `That is not an option of ${dish.name}; it has choices of ${joinWords(groups)}.`,
      { menuItemId: dish.id, optionIds: unknown },
    );
  }

  const chosen: ChosenOption[] = [];
  for (const group of dish.optionGroups) {
    let picks = group.options.filter((o) => seen.has(o.id));
    const unavailable = picks.filter((o) => !o.available);
    if (unavailable.length > 0) {
      const names = unavailable.map((o) => o.name);
      const left = listChoices(group);
      throw new DomainError(
        ErrorCode.OPTION_UNAVAILABLE,
        `Sorry, ${names.join(' and ')} ${names.length > 1 ? 'are' : 'is'} not available for ${dish.name} right now.` +
          (left ? ` ${group.name}: ${left}.` : ''),
        { menuItemId: dish.id, optionGroupId: group.id, optionIds: unavailable.map((o) => o.id) },
      );
    }
    if (picks.length === 0 && group.minChoices > 0) {
      picks = group.options.filter((o) => o.isDefault && o.available).slice(0, group.maxChoices);
    }
    if (picks.length < group.minChoices) {
      throw new DomainError(
        ErrorCode.OPTION_REQUIRED,
        `${dish.name} needs ${describeRange(group)}: ${listChoices(group) || 'none is available right now'}.`,
        { menuItemId: dish.id, optionGroupId: group.id },
      );
    }
    if (picks.length > group.maxChoices) {
      throw new DomainError(ErrorCode.TOO_MANY_OPTIONS, `${dish.name} takes ${describeRange(group)}; ${picks.length} were chosen.`, {
        menuItemId: dish.id,
        optionGroupId: group.id,
        optionIds: picks.map((o) => o.id),
      });
    }
    for (const o of picks) chosen.push({ optionId: o.id, group: group.name, name: o.name, priceDeltaCents: o.priceDeltaCents });
  }
  return chosen;
}

/**
 * The lowest unit price a line of this dish can reach: the dish with, in every group, as many of its cheapest
 * price changes as the group allows when they lower it (and at least its minimum of the cheapest). A menu edit that
 * would take it below zero is refused, so no line is ever priced below zero.
 */
export function lowestUnitPrice(
  priceCents: number,
  groups: readonly Pick<OptionGroupView, 'minChoices' | 'maxChoices' | 'options'>[],
): number {
  let lowest = priceCents;
  for (const group of groups) {
    const deltas = group.options.map((o) => o.priceDeltaCents).sort((a, b) => a - b);
    for (let i = 0; i < Math.min(group.maxChoices, deltas.length); i++) {
      if (i < group.minChoices || deltas[i] < 0) lowest += deltas[i];
    }
  }
  return lowest;
}

/** The sum of the options' price changes (the line's unit price is the dish's plus this). */
export function optionsPriceCents(options: readonly Pick<ChosenOption, 'priceDeltaCents'>[]): number {
  return options.reduce((sum, o) => sum + o.priceDeltaCents, 0);
}

/** "Large · Extra cheese · No basil": a line's options as the kitchen, the workbook and the caller read them. */
export function describeOptions(options: readonly Pick<ChosenOption, 'name'>[]): string {
  return options.map((o) => o.name).join(' · ');
}
