import type {
  CreateMenuItemDto,
  CreateMenuOptionDto,
  CreateOptionGroupDto,
  MenuItemDto,
  UpdateMenuItemDto,
  UpdateMenuOptionDto,
  UpdateOptionGroupDto,
} from './menu-item.dto.js';

export const SIZE_GROUP_EXAMPLE = {
  id: '2c9e4b1a-0d3f-4a6b-9c8e-7f1a2b3c4d5e',
  name: 'Size',
  minChoices: 1,
  maxChoices: 1,
  options: [
    { id: '6a1f0c2e-7b3d-4e59-8f21-3c4d5e6f7a80', name: 'Small', priceDeltaCents: -200, available: true, isDefault: false },
    { id: '7b2a1d3f-8c4e-4f6a-9a32-4d5e6f7a8b91', name: 'Medium', priceDeltaCents: 0, available: true, isDefault: true },
    { id: '8c3b2e4a-9d5f-4a7b-8b43-5e6f7a8b9ca2', name: 'Large', priceDeltaCents: 500, available: true, isDefault: false },
  ],
};

export const TOPPINGS_GROUP_EXAMPLE = {
  id: '3d0f5c2b-1e4a-4b7c-8d9f-8a2b3c4d5e6f',
  name: 'Toppings',
  minChoices: 0,
  maxChoices: 5,
  options: [
    { id: '9d4c3f5b-0e6a-4b8c-9c54-6f7a8b9cadb3', name: 'Extra cheese', priceDeltaCents: 200, available: true, isDefault: false },
    { id: 'ae5d4a6c-1f7b-4c9d-8d65-7a8b9cadbec4', name: 'Mushrooms', priceDeltaCents: 150, available: false, isDefault: false },
  ],
};

/** Bodies for the OpenAPI document's examples (checked against their schemas by `npm run lint:openapi`). */
export const MENU_ITEM_EXAMPLE: MenuItemDto = {
  id: '3f0c5b8e-2a51-4f55-9d2c-1f1f3c6f8a10',
  name: 'Margherita Pizza',
  description: 'San Marzano tomato, fior di latte, basil, olive oil',
  category: 'Pizzas',
  priceCents: 1450,
  currency: 'USD',
  available: true,
  prepMinutes: null,
  optionGroups: [],
};

export const MENU_EXAMPLE: MenuItemDto[] = [
  { ...MENU_ITEM_EXAMPLE, optionGroups: [SIZE_GROUP_EXAMPLE] },
  {
    id: '8b7d1e42-5c3a-4f0e-9a6b-0d2c4e6f8a21',
    name: 'Garlic Knots',
    description: 'Six knots, garlic butter, parsley',
    category: 'Sides',
    priceCents: 600,
    currency: 'USD',
    prepMinutes: null,
    available: false,
    optionGroups: [],
  },
];

export const CREATE_MENU_ITEM_EXAMPLE: CreateMenuItemDto = {
  name: 'Calzone',
  description: 'Ricotta, mozzarella, ham',
  category: 'Pizzas',
  priceCents: 1500,
  available: true,
};

export const UPDATE_MENU_ITEM_EXAMPLE: UpdateMenuItemDto = { available: false };

export const CREATE_OPTION_GROUP_EXAMPLE: CreateOptionGroupDto = {
  name: 'Toppings',
  minChoices: 0,
  maxChoices: 5,
  options: [
    { name: 'Extra cheese', priceDeltaCents: 200 },
    { name: 'Mushrooms', priceDeltaCents: 150 },
  ],
};

export const UPDATE_OPTION_GROUP_EXAMPLE: UpdateOptionGroupDto = { maxChoices: 3 };
export const CREATE_OPTION_EXAMPLE: CreateMenuOptionDto = { name: 'Olives', priceDeltaCents: 100 };
export const UPDATE_OPTION_EXAMPLE: UpdateMenuOptionDto = { available: false };
export const DISH_WITH_OPTIONS_EXAMPLE: MenuItemDto = { ...MENU_ITEM_EXAMPLE, optionGroups: [SIZE_GROUP_EXAMPLE, TOPPINGS_GROUP_EXAMPLE] };
