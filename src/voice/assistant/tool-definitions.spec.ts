import type { Vapi } from '@vapi-ai/server-sdk';
import { MAX_OPTION_NAME_CHARS } from '@/menu/dto/menu-item.dto.js';
import { MAX_LINE_OPTIONS, MAX_LINES, MAX_QUANTITY } from '@/orders/dto/create-order.dto.js';
import { JsonSchema, decodeArguments, parseArgs } from '../tools/args-schema.js';
import {
  END_CALL_TOOL,
  TRANSFER_CALL_TOOL,
  MAX_TIME_CHARS,
  TOOL_NAMES,
  VOICE_TOOLS,
  toolSpec,
  vapiFunctionTools,
  vapiSchema,
  vapiTools,
  type VapiFunctionTool,
} from './tool-definitions.js';

function walk(schema: JsonSchema, path: string, visit: (s: JsonSchema, path: string) => void) {
  visit(schema, path);
  for (const [k, sub] of Object.entries(schema.properties ?? {})) walk(sub, `${path}.${k}`, visit);
  if (schema.items) walk(schema.items, `${path}[]`, visit);
}

describe('voice tool definitions', () => {
  it('define each tool once, in the documented set', () => {
    expect(VOICE_TOOLS.map((t) => t.name)).toEqual([...TOOL_NAMES]);
    expect(TOOL_NAMES).toEqual([
      'getMenu',
      'checkDeliveryAddress',
      'getAvailableTimes',
      'quoteOrder',
      'placeOrder',
      'getOrderStatus',
      'cancelOrder',
    ]);
  });

  it('are well-formed JSON schemas: required names exist, every field is described for the model', () => {
    for (const tool of VOICE_TOOLS) {
      expect(tool.parameters.type).toBe('object');
      walk(tool.parameters, tool.name, (s, path) => {
        for (const r of s.required ?? []) expect(`${path}: ${Object.keys(s.properties ?? {}).includes(r)}`).toBe(`${path}: true`);
        if (path !== tool.name && s.type !== 'object') expect(`${path}: ${Boolean(s.description || s.enum)}`).toBe(`${path}: true`);
        if (s.type === 'array') expect(s.items).toBeDefined();
      });
    }
  });

  it("are what Vapi receives: each pointing back at the webhook, then Vapi's endCall tool", () => {
    const server = { url: 'https://orders.example.com/webhook/vapi', timeoutSeconds: 20 };
    const functions = vapiFunctionTools(server);
    expect(functions).toHaveLength(VOICE_TOOLS.length);
    functions.forEach((t, i) => {
      expect(t.type).toBe('function');
      expect(t.function?.name).toBe(VOICE_TOOLS[i].name);
      expect(t.function?.parameters).toEqual(vapiSchema(VOICE_TOOLS[i].parameters));
      expect(t.server).toEqual(server);
    });
    const placeOrder = JSON.parse(JSON.stringify(functions)).find((t: VapiFunctionTool) => t.function?.name === 'placeOrder');
    expect(placeOrder.messages).toEqual([{ type: 'request-start', content: 'Placing your order now.' }]);
    expect(vapiTools(server, { transfer: false })).toEqual([...functions, END_CALL_TOOL]);
    expect(vapiTools(server, { transfer: true })).toEqual([...functions, TRANSFER_CALL_TOOL, END_CALL_TOOL]);
    expect(END_CALL_TOOL).toEqual({ type: 'endCall' });
    // No number in the tool: Vapi asks the webhook (transfer-destination-request), which answers with RESTAURANT_PHONE.
    expect(TRANSFER_CALL_TOOL).toEqual({ type: 'transferCall', destinations: [] });
  });

  it("say the limits Vapi's JsonSchema has no keyword for in the description, and keep them in the schema the handlers check", () => {
    const keywords = new Set(['type', 'items', 'properties', 'description', 'pattern', 'format', 'required', 'enum', 'title']);
    const sent = (s: Vapi.JsonSchema, path: string, visit: (s: Vapi.JsonSchema, path: string) => void) => {
      visit(s, path);
      for (const [k, sub] of Object.entries(s.properties ?? {})) sent(sub, `${path}.${k}`, visit);
      if (s.items) sent(s.items, `${path}[]`, visit);
    };
    for (const tool of VOICE_TOOLS) {
      // A keyword outside Vapi's type is caught by the compiler in vapiSchema; this catches one that reaches it anyway.
      sent(vapiSchema(tool.parameters), tool.name, (s, path) =>
        expect({ path, outside: Object.keys(s).filter((k) => !keywords.has(k)) }).toEqual({ path, outside: [] }),
      );
    }
    const place = vapiSchema(toolSpec('placeOrder')!.parameters);
    const item = place.properties!.items.items!;
    expect(item.properties!.quantity.description).toBe(`How many (1 to ${MAX_QUANTITY})`);
    expect(item.properties!.name.description).toBe('Dish name, e.g. "margherita pizza" (at most 120 characters)');
    expect(place.properties!.items.description).toBe(`The dishes, each with a quantity (1 to ${MAX_LINES} items)`);
    expect(place.properties!.fulfillment).toEqual({ type: 'string', description: 'pickup or delivery', enum: ['pickup', 'delivery'] });
    expect(item.properties!.options).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(item.properties!.options.description).toMatch(
      new RegExp(`^Choices for this dish as the caller said them, .* \\(at most ${MAX_LINE_OPTIONS} items\\)$`),
    );
    expect(item.properties!.options.items!.description).toBe(`One choice, e.g. "large" (at most ${MAX_OPTION_NAME_CHARS} characters)`);
    // Still enforced on what comes back.
    const tooLong = parseArgs(toolSpec('getMenu')!.parameters, { category: 'x'.repeat(61) });
    expect(!tooLong.ok && tooLong.problems).toEqual(['category must be at most 60 characters']);
    const options = (list: unknown) =>
      parseArgs(toolSpec('quoteOrder')!.parameters, { fulfillment: 'pickup', items: [{ name: 'margherita', quantity: 1, options: list }] });
    expect(options([' large ', 'extra cheese'])).toEqual({
      ok: true,
      value: { fulfillment: 'pickup', items: [{ name: 'margherita', quantity: 1, options: ['large', 'extra cheese'] }] },
    });
    expect(options(Array.from({ length: MAX_LINE_OPTIONS + 1 }, () => 'olives'))).toEqual({
      ok: false,
      problems: [`items[0].options can have at most ${MAX_LINE_OPTIONS}`],
    });
    expect(options(['x'.repeat(MAX_OPTION_NAME_CHARS + 1)])).toEqual({
      ok: false,
      problems: [`items[0].options[0] must be at most ${MAX_OPTION_NAME_CHARS} characters`],
    });
    expect(options('large')).toEqual({ ok: false, problems: ['items[0].options must be a list'] });
  });

  it("take the time in the caller's words on quoteOrder and placeOrder, and a day and fulfillment on getAvailableTimes", () => {
    for (const name of ['quoteOrder', 'placeOrder'] as const) {
      const time = toolSpec(name)!.parameters.properties!.time;
      expect(time).toMatchObject({ type: 'string', maxLength: MAX_TIME_CHARS });
      expect(toolSpec(name)!.parameters.required).not.toContain('time');
    }
    const quote = (time: unknown) =>
      parseArgs(toolSpec('quoteOrder')!.parameters, { fulfillment: 'pickup', items: [{ quantity: 1 }], time });
    expect(quote(' tomorrow at noon ')).toEqual({
      ok: true,
      value: { fulfillment: 'pickup', items: [{ quantity: 1 }], time: 'tomorrow at noon' },
    });
    // Blank is as soon as possible, like leaving it out.
    expect(quote('  ')).toEqual({ ok: true, value: { fulfillment: 'pickup', items: [{ quantity: 1 }] } });
    expect(quote('x'.repeat(MAX_TIME_CHARS + 1))).toEqual({ ok: false, problems: [`time must be at most ${MAX_TIME_CHARS} characters`] });

    const times = toolSpec('getAvailableTimes')!.parameters;
    expect(times.required).toBeUndefined();
    expect(parseArgs(times, {})).toEqual({ ok: true, value: {} });
    expect(parseArgs(times, { day: 'Saturday', fulfillment: 'Delivery' })).toEqual({
      ok: true,
      value: { day: 'Saturday', fulfillment: 'delivery' },
    });
    expect(parseArgs(times, { fulfillment: 'drone' })).toEqual({ ok: false, problems: ['fulfillment must be one of pickup, delivery'] });
  });
});

describe('parseArgs against the tool schemas', () => {
  const place = toolSpec('placeOrder')!.parameters;

  it('accepts what a model sends, coercing numbers in strings and enum case, dropping extra fields', () => {
    const r = parseArgs(place, {
      customerName: ' Grace ',
      fulfillment: 'Delivery',
      deliveryAddress: '221 Pine St',
      paymentMethod: 'CASH',
      items: [{ name: 'margherita pizza', quantity: '2', color: 'red' }],
      mood: 'hungry',
    });
    expect(r).toEqual({
      ok: true,
      value: {
        customerName: 'Grace',
        fulfillment: 'delivery',
        deliveryAddress: '221 Pine St',
        paymentMethod: 'cash',
        items: [{ name: 'margherita pizza', quantity: 2 }],
      },
    });
  });

  it('names every missing or wrong field', () => {
    const r = parseArgs(place, { fulfillment: 'drone', items: [{ name: 'x', quantity: 0 }, { quantity: 1.5 }] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toEqual([
        'customerName is required',
        'fulfillment must be one of pickup, delivery',
        'paymentMethod is required',
        'items[0].quantity must be at least 1',
        'items[1].quantity must be a whole number',
      ]);
    }
    const empty = parseArgs(place, { customerName: 'G', fulfillment: 'pickup', paymentMethod: 'cash', items: [] });
    expect(!empty.ok && empty.problems).toEqual(['items needs at least 1']);
    expect(parseArgs(place, 'not an object')).toEqual({ ok: false, problems: ['arguments must be an object'] });
    expect(parseArgs(toolSpec('getMenu')!.parameters, {})).toEqual({ ok: true, value: {} });
  });

  it('decodes arguments given as an object, a JSON string, or nothing', () => {
    expect(decodeArguments({ a: 1 })).toEqual({ ok: true, value: { a: 1 } });
    expect(decodeArguments('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(decodeArguments(undefined)).toEqual({ ok: true, value: {} });
    expect(decodeArguments('')).toEqual({ ok: true, value: {} });
    expect(decodeArguments('{oops')).toEqual({ ok: false });
  });
});
