import { ErrorCode } from '@/common/domain-error.js';
import {
  bodyRefusals,
  databaseUnavailable,
  domainError,
  type ErrorAnswer,
  notAUuid,
  rateLimited,
  unauthorized,
  undecodablePath,
} from '@/openapi/api-errors.js';
import { MenuItemDto } from './dto/menu-item.dto.js';
import { DISH_WITH_OPTIONS_EXAMPLE, MENU_ITEM_EXAMPLE } from './dto/menu-item.examples.js';

/** The OpenAPI answers shared by the edits of a dish's choices (menu.controller.ts, menu-options.controller.ts). */
export const choiceNameTaken = domainError(
  ErrorCode.MENU_ITEM_NAME_TAKEN,
  'That name is already used in this group or dish; choose another.',
);
export const belowZero = domainError(
  ErrorCode.PRICE_BELOW_ZERO,
  'With these choices a Margherita Pizza could cost -$0.50; options may lower a price only as far as zero.',
  { menuItemIds: [MENU_ITEM_EXAMPLE.id] },
);
export const minOverMax = domainError(ErrorCode.INVALID_INPUT, 'Toppings: minChoices (4) cannot be more than maxChoices (3).');
/** What every edit of a dish's choices can answer besides its own validation. */
export const CHOICE_EDIT_ANSWERS: ErrorAnswer[] = [
  notAUuid(),
  undecodablePath,
  ...bodyRefusals,
  unauthorized(),
  choiceNameTaken,
  belowZero,
  rateLimited,
  databaseUnavailable,
];
export const DISH_AFTER_EDIT = {
  description: 'The dish with all its choices as stored',
  type: MenuItemDto,
  example: DISH_WITH_OPTIONS_EXAMPLE,
};
