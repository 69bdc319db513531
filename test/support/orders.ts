import request from 'supertest';
import { ADMIN_TOKEN } from './test-app.js';

export interface MenuRow {
  id: string;
  name: string;
  priceCents: number;
  available: boolean;
  category: string;
}

export async function fetchMenu(url: string): Promise<MenuRow[]> {
  const res = await request(url).get('/api/menu').expect(200);
  return res.body;
}

export function menuItem(menu: MenuRow[], name: string): MenuRow {
  const item = menu.find((m) => m.name === name);
  if (!item) throw new Error(`No menu item named ${name}`);
  return item;
}

/** A valid order body; pickup and cash unless overridden. */
export function orderBody(menu: MenuRow[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    customerName: 'Grace Hopper',
    customerPhone: '+12065550142',
    fulfillment: 'pickup',
    paymentMethod: 'cash',
    items: [
      { menuItemId: menuItem(menu, 'Margherita Pizza').id, quantity: 2, notes: 'extra basil' },
      { menuItemId: menuItem(menu, 'Tiramisu').id, quantity: 1 },
    ],
    ...overrides,
  };
}

export const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
