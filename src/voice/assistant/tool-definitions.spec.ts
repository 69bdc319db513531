import { JsonSchema, decodeArguments, parseArgs } from '../tools/args-schema.js';
import { TOOL_NAMES, VOICE_TOOLS, toolSpec, vapiTools } from './tool-definitions.js';

function walk(schema: JsonSchema, path: string, visit: (s: JsonSchema, path: string) => void) {
  visit(schema, path);
  for (const [k, sub] of Object.entries(schema.properties ?? {})) walk(sub, `${path}.${k}`, visit);
  if (schema.items) walk(schema.items, `${path}[]`, visit);
}

describe('voice tool definitions', () => {
  it('define each tool once, in the documented set', () => {
    expect(VOICE_TOOLS.map((t) => t.name)).toEqual([...TOOL_NAMES]);
    expect(TOOL_NAMES).toEqual(['getMenu', 'checkDeliveryAddress', 'quoteOrder', 'placeOrder', 'getOrderStatus', 'cancelOrder']);
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

  it('are what Vapi receives: the same schema objects, each pointing back at the webhook', () => {
    const server = { url: 'https://orders.example.com/webhook/vapi', timeoutSeconds: 20 };
    const tools = vapiTools(server);
    expect(tools).toHaveLength(VOICE_TOOLS.length);
    tools.forEach((t, i) => {
      expect(t.type).toBe('function');
      expect(t.function.name).toBe(VOICE_TOOLS[i].name);
      expect(t.function.parameters).toBe(VOICE_TOOLS[i].parameters);
      expect(t.server).toEqual(server);
    });
    expect(JSON.parse(JSON.stringify(tools))[3].messages).toEqual([{ type: 'request-start', content: 'Placing your order now.' }]);
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
