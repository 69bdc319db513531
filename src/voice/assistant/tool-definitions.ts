import {
  MAX_ADDRESS_CHARS,
  MAX_LINE_NOTES_CHARS,
  MAX_LINES,
  MAX_NAME_CHARS,
  MAX_ORDER_NOTES_CHARS,
  MAX_QUANTITY,
} from '@/orders/dto/create-order.dto.js';
import { FULFILLMENTS, PAYMENT_METHODS } from '@/orders/order-status.js';
import type { JsonSchema } from '../tools/args-schema.js';

/**
 * The voice tools: the one place their names, descriptions and JSON-schema parameters live. The assistant
 * sent on `assistant-request`, the JSON printed by `npm run vapi:assistant`, and the argument checks of the
 * handlers all read this list.
 */
export const TOOL_NAMES = ['getMenu', 'checkDeliveryAddress', 'quoteOrder', 'placeOrder', 'getOrderStatus', 'cancelOrder'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

export interface ToolSpec {
  name: ToolName;
  description: string;
  parameters: JsonSchema & { type: 'object' };
  /** Spoken by Vapi while the tool runs (Vapi "request-start" message). */
  whileRunning?: string;
}

const item: JsonSchema = {
  type: 'object',
  description: 'One dish. Give the dish name as the caller said it (or menuItemId if known) and the quantity.',
  properties: {
    name: { type: 'string', maxLength: 120, description: 'Dish name, e.g. "margherita pizza"' },
    menuItemId: { type: 'string', maxLength: 64, description: 'Menu item id from getMenu, if known' },
    quantity: { type: 'integer', minimum: 1, maximum: MAX_QUANTITY, description: 'How many' },
    notes: { type: 'string', maxLength: MAX_LINE_NOTES_CHARS, description: 'Special request for this dish, e.g. "no onions"' },
  },
  required: ['quantity'],
};

const items: JsonSchema = {
  type: 'array',
  minItems: 1,
  maxItems: MAX_LINES,
  items: item,
  description: 'The dishes, each with a quantity',
};

const fulfillment: JsonSchema = { type: 'string', enum: [...FULFILLMENTS], description: 'pickup or delivery' };
const deliveryAddress: JsonSchema = {
  type: 'string',
  maxLength: MAX_ADDRESS_CHARS,
  description: 'Full street address with city, required for delivery',
};
const orderNumber: JsonSchema = {
  type: 'string',
  maxLength: 20,
  description: 'The order number as the caller says it, e.g. "A 1 0 4 2" or "A-1042"',
};

export const VOICE_TOOLS: readonly ToolSpec[] = [
  {
    name: 'getMenu',
    description: "Today's available dishes with prices, grouped by category. Optionally only one category.",
    parameters: {
      type: 'object',
      properties: { category: { type: 'string', maxLength: 60, description: 'e.g. "Pizzas"; omit for the whole menu' } },
    },
  },
  {
    name: 'checkDeliveryAddress',
    description:
      'Checks that we deliver to an address and returns the delivery fee and minimum order. Call it as soon as the caller gives a delivery address.',
    parameters: { type: 'object', properties: { address: deliveryAddress }, required: ['address'] },
    whileRunning: 'Let me check that address.',
  },
  {
    name: 'quoteOrder',
    description:
      'Prices an order exactly as it would be placed (items, delivery fee, tax, total) without placing it. Read the result back to the caller before placing the order.',
    parameters: {
      type: 'object',
      properties: { fulfillment, deliveryAddress, items },
      required: ['fulfillment', 'items'],
    },
  },
  {
    name: 'placeOrder',
    description: 'Places the order. Only call after reading back the items and total from quoteOrder and the caller clearly confirming.',
    parameters: {
      type: 'object',
      properties: {
        customerName: { type: 'string', maxLength: MAX_NAME_CHARS, description: "The caller's name (ask for it)" },
        customerPhone: {
          type: 'string',
          maxLength: 20,
          description: 'Phone number in international format; omit to use the number the caller is calling from',
        },
        fulfillment,
        deliveryAddress,
        paymentMethod: {
          type: 'string',
          enum: [...PAYMENT_METHODS],
          description: 'cash (pay on pickup or delivery) or card (we give a secure payment link)',
        },
        items,
        notes: { type: 'string', maxLength: MAX_ORDER_NOTES_CHARS, description: 'Note for the whole order, e.g. "ring the bell twice"' },
      },
      required: ['customerName', 'fulfillment', 'paymentMethod', 'items'],
    },
    whileRunning: 'Placing your order now.',
  },
  {
    name: 'getOrderStatus',
    description: "Tells where an order is. Works only for orders placed from the caller's phone number.",
    parameters: { type: 'object', properties: { orderNumber }, required: ['orderNumber'] },
  },
  {
    name: 'cancelOrder',
    description:
      "Cancels an order if the kitchen has not finished it. Confirm with the caller first. Works only for orders placed from the caller's phone number.",
    parameters: { type: 'object', properties: { orderNumber }, required: ['orderNumber'] },
  },
];

export function toolSpec(name: string): ToolSpec | undefined {
  return VOICE_TOOLS.find((t) => t.name === name);
}

/** How Vapi should reach and authenticate to this server (Vapi's `Server` object). */
export interface VapiServer {
  url: string;
  timeoutSeconds?: number;
  credentialId?: string;
  headers?: Record<string, string>;
}

/** Vapi function tools (`model.tools[]`), each pointing back at this webhook. */
export function vapiTools(server: VapiServer) {
  return VOICE_TOOLS.map((tool) => ({
    type: 'function' as const,
    async: false,
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    server,
    ...(tool.whileRunning && { messages: [{ type: 'request-start', content: tool.whileRunning }] }),
  }));
}
