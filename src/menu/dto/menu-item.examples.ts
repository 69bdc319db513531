import type { CreateMenuItemDto, MenuItemDto, UpdateMenuItemDto } from './menu-item.dto.js';

/** Bodies for the OpenAPI document's examples (checked against their schemas by `npm run lint:openapi`). */
export const MENU_ITEM_EXAMPLE: MenuItemDto = {
  id: '3f0c5b8e-2a51-4f55-9d2c-1f1f3c6f8a10',
  name: 'Margherita Pizza',
  description: 'San Marzano tomato, fior di latte, basil, olive oil',
  category: 'Pizzas',
  priceCents: 1450,
  currency: 'USD',
  available: true,
};

export const MENU_EXAMPLE: MenuItemDto[] = [
  MENU_ITEM_EXAMPLE,
  {
    id: '8b7d1e42-5c3a-4f0e-9a6b-0d2c4e6f8a21',
    name: 'Garlic Knots',
    description: 'Six knots, garlic butter, parsley',
    category: 'Sides',
    priceCents: 600,
    currency: 'USD',
    available: false,
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
