import { api, expectStatus, type ApiSchema } from './api.js';
import { ADMIN_TOKEN } from './test-app.js';

export type MenuRow = ApiSchema<'MenuItemDto'>;
export type OrderBody = ApiSchema<'CreateOrderDto'>;

export async function fetchMenu(url: string): Promise<MenuRow[]> {
  return expectStatus(api(url).GET('/api/menu'), 200);
}

export function menuItem(menu: MenuRow[], name: string): MenuRow {
  const item = menu.find((m) => m.name === name);
  if (!item) throw new Error(`No menu item named ${name}`);
  return item;
}

/** A valid order body; pickup and cash unless overridden. */
export function orderBody(menu: MenuRow[], overrides: Partial<OrderBody> = {}): OrderBody {
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

/** An order body with fields off the contract on purpose (bad-input tests send it with supertest). */
export function offContractBody(menu: MenuRow[], overrides: Record<string, unknown>): Record<string, unknown> {
  return { ...orderBody(menu), ...overrides };
}

export const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * The order's status changes, oldest first: its history without payment, refund and text entries (a text joins the
 * history when it is sent, a moment after the change that caused it).
 */
export function statusHistory(order: ApiSchema<'OrderDto'>): ApiSchema<'HistoryEntryDto'>[] {
  return (order.history ?? []).filter((h) => h.kind === 'status');
}
