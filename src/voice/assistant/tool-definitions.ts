import { MAX_OPTION_NAME_CHARS } from '@/menu/dto/menu-item.dto.js';
import {
  MAX_ADDRESS_CHARS,
  MAX_LINE_NOTES_CHARS,
  MAX_LINE_OPTIONS,
  MAX_LINES,
  MAX_NAME_CHARS,
  MAX_ORDER_NOTES_CHARS,
  MAX_QUANTITY,
} from '@/orders/dto/create-order.dto.js';
import { FULFILLMENTS, PAYMENT_METHODS } from '@/orders/order-status.js';
import type { Vapi } from '@vapi-ai/server-sdk';
import type { JsonSchema } from '../tools/args-schema.js';

/**
 * The voice tools: the one place their names, descriptions and JSON-schema parameters live. The assistant
 * sent on `assistant-request`, the JSON printed by `npm run vapi:assistant`, and the argument checks of the
 * handlers all read this list. Vapi receives each schema in the keywords of its own `JsonSchema` type
 * (vapiSchema); the handlers check the full schema, limits included.
 */
export const TOOL_NAMES = [
  'getMenu',
  'checkDeliveryAddress',
  'getAvailableTimes',
  'quoteOrder',
  'placeOrder',
  'getOrderStatus',
  'cancelOrder',
] as const;
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
  description:
    "One dish: its name as the caller said it (or menuItemId), the quantity, and the caller's choices for it in options. " +
    'All of the quantity get the same choices; different choices (one large, one small) are separate items.',
  properties: {
    name: { type: 'string', maxLength: 120, description: 'Dish name, e.g. "margherita pizza"' },
    menuItemId: { type: 'string', maxLength: 64, description: 'Menu item id from getMenu, if known' },
    quantity: { type: 'integer', minimum: 1, maximum: MAX_QUANTITY, description: 'How many' },
    options: {
      type: 'array',
      maxItems: MAX_LINE_OPTIONS,
      items: { type: 'string', maxLength: MAX_OPTION_NAME_CHARS, description: 'One choice, e.g. "large"' },
      description:
        'Choices for this dish as the caller said them, e.g. ["large", "extra cheese", "no basil"]. ' +
        'Leave out a choice the caller did not make: the result says which default it used or what to ask',
    },
    notes: {
      type: 'string',
      maxLength: MAX_LINE_NOTES_CHARS,
      description: 'Special request for this dish that is not one of its choices, e.g. "well done"',
    },
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
/** Longer than any time a person says (the spoken-time parser reads no more). */
export const MAX_TIME_CHARS = 200;
const time: JsonSchema = {
  type: 'string',
  maxLength: MAX_TIME_CHARS,
  description:
    'When the caller wants it, in their words: "as soon as possible", "at half past seven", "in an hour", "tomorrow at noon"; ' +
    'or a time from getAvailableTimes. Omit for as soon as possible',
};
const orderNumber: JsonSchema = {
  type: 'string',
  maxLength: 20,
  description: 'The order number as the caller says it, e.g. "A 1 0 4 2" or "A-1042"',
};

export const VOICE_TOOLS: readonly ToolSpec[] = [
  {
    name: 'getMenu',
    description:
      "Today's available dishes with prices, grouped by category, and their choices (sizes, toppings, dressings...) with price changes. Optionally only one category.",
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
    name: 'getAvailableTimes',
    description:
      'The times still open for an order ahead on a day, in a short sentence to offer the caller. Call it when the caller wants a later time, asks what times there are, or a time is full.',
    parameters: {
      type: 'object',
      properties: {
        day: {
          type: 'string',
          maxLength: MAX_TIME_CHARS,
          description:
            'The day as the caller said it, e.g. "today", "tomorrow", "Saturday", "tomorrow around 7", or YYYY-MM-DD; omit for today',
        },
        fulfillment: { ...fulfillment, description: 'pickup or delivery; omit for pickup' },
      },
    },
  },
  {
    name: 'quoteOrder',
    description:
      'Prices an order exactly as it would be placed (items with their choices, delivery fee, tax, total) and says when it would be ready, without placing it. Read the result back to the caller before placing the order.',
    parameters: {
      type: 'object',
      properties: { fulfillment, deliveryAddress, items, time },
      required: ['fulfillment', 'items'],
    },
  },
  {
    name: 'placeOrder',
    description:
      'Places the order and says when it will be ready. Only call after reading back the items (with their choices), total and time from quoteOrder and the caller clearly confirming; pass the same items, options and time.',
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
          description: 'cash (pay on pickup or delivery) or card (we text a secure payment link)',
        },
        items,
        time,
        notes: { type: 'string', maxLength: MAX_ORDER_NOTES_CHARS, description: 'Note for the whole order, e.g. "ring the bell twice"' },
      },
      required: ['customerName', 'fulfillment', 'paymentMethod', 'items'],
    },
    whileRunning: 'Placing your order now.',
  },
  {
    name: 'getOrderStatus',
    description: "Tells where an order is and when it will be ready. Works only for orders placed from the caller's phone number.",
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

/** How Vapi reaches and authenticates to this server: Vapi's `Server`, always with our URL. */
export type VapiServer = Vapi.Server & { url: string };

/** A function tool as Vapi defines it (`model.tools[]` of every model provider). */
export type VapiFunctionTool = Vapi.CreateFunctionToolDto & { type: 'function' };
/** Vapi's built-in tool that hangs up (it replaced the assistant's deprecated `endCallFunctionEnabled`). */
export type VapiEndCallTool = Vapi.CreateEndCallToolDto & { type: 'endCall' };
/** Vapi's built-in tool that moves the caller to a phone number. */
export type VapiTransferCallTool = Vapi.CreateTransferCallToolDto & { type: 'transferCall' };
export type VapiTool = VapiFunctionTool | VapiTransferCallTool | VapiEndCallTool;

/** Lets the assistant hang up once the caller is done; the prompt says when. */
export const END_CALL_TOOL: VapiEndCallTool = { type: 'endCall' };

/**
 * Puts the caller through to the restaurant (RESTAURANT_PHONE); the prompt says when. No destinations on purpose:
 * Vapi then asks this server (`transfer-destination-request`), which answers with the number of the moment and
 * notes the transfer on the call record. A number written into the tool would be dialled without a word to us,
 * and a stored assistant would keep an old number after the setting changed.
 */
export const TRANSFER_CALL_TOOL: VapiTransferCallTool = { type: 'transferCall', destinations: [] };

/** Our function tools as Vapi receives them, each pointing back at this webhook. */
export function vapiFunctionTools(server: VapiServer): VapiFunctionTool[] {
  return VOICE_TOOLS.map((tool) => ({
    type: 'function',
    async: false,
    function: { name: tool.name, description: tool.description, parameters: vapiParameters(tool.parameters) },
    server,
    ...(tool.whileRunning && { messages: [{ type: 'request-start', content: tool.whileRunning }] }),
  }));
}

/** Every tool of the assistant: ours, Vapi's transferCall when there is a number to transfer to, then endCall. */
export function vapiTools(server: VapiServer, opts: { transfer: boolean }): VapiTool[] {
  return [...vapiFunctionTools(server), ...(opts.transfer ? [TRANSFER_CALL_TOOL] : []), END_CALL_TOOL];
}

function vapiParameters(schema: ToolSpec['parameters']): Vapi.OpenAiFunctionParameters {
  const { properties, required } = vapiSchema(schema);
  return { type: 'object', properties: properties ?? {}, ...(required && { required }) };
}

/**
 * A schema in the keywords Vapi's `JsonSchema` has. The limits it has no keyword for (length, range, item count)
 * are said in the description instead, for the model to read; parseArgs still enforces them on what comes back.
 */
export function vapiSchema(schema: JsonSchema): Vapi.JsonSchema {
  const limits = limitsInWords(schema);
  const description = [schema.description, limits].filter(Boolean).join(' ');
  return {
    type: schema.type,
    ...(description && { description }),
    ...(schema.enum && { enum: schema.enum }),
    ...(schema.properties && {
      properties: Object.fromEntries(Object.entries(schema.properties).map(([key, sub]) => [key, vapiSchema(sub)])),
    }),
    ...(schema.required && { required: schema.required }),
    ...(schema.items && { items: vapiSchema(schema.items) }),
  };
}

function limitsInWords(s: JsonSchema): string {
  const range = (min: number | undefined, max: number | undefined, unit: string) =>
    min !== undefined && max !== undefined
      ? `${min} to ${max}${unit}`
      : min !== undefined
        ? `at least ${min}${unit}`
        : max !== undefined
          ? `at most ${max}${unit}`
          : '';
  const parts = [
    range(s.minLength, s.maxLength, ' characters'),
    range(s.minimum, s.maximum, ''),
    range(s.minItems, s.maxItems, s.maxItems === 1 ? ' item' : ' items'),
  ].filter(Boolean);
  return parts.length > 0 ? `(${parts.join('; ')})` : '';
}
