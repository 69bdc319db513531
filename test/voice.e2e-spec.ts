import type { Vapi } from '@vapi-ai/server-sdk';
import request from 'supertest';
import { DomainError, ErrorCode } from '@/common/domain-error.js';
import { DeliveryQuote, DeliveryService } from '@/geo/delivery.service.js';
import { TOOL_NAMES, VOICE_TOOLS, vapiSchema } from '@/voice/assistant/tool-definitions.js';
import type { JsonSchema } from '@/voice/tools/args-schema.js';
import { CallsDashboardProvider } from '@/voice/calls-dashboard.provider.js';
import { api, type ApiSchema, expectError, expectStatus } from './support/api.js';
import { statusHistory } from './support/orders.js';
import { staffLogin } from './support/dashboard.js';
import { ADMIN_TOKEN, createTestApp, TestApp } from './support/test-app.js';
import { ordinaryDayClock } from './support/test-clock.js';
import {
  postVapi,
  postVapiSigned,
  sendVapi,
  toolCallsMessage,
  vapiClient,
  vapiFixture,
  VAPI_TEST_HMAC_SECRET,
  VAPI_TEST_SECRET,
  VOICE_TEST_ENV,
  type ToolArguments,
  type VapiBody,
  type VapiReplyBody,
} from './support/vapi.js';

/** Stands in for the geo adapter: one zone with a fee and a minimum, and the two ways an address fails. */
class ZonedDelivery extends DeliveryService {
  async quote(address: string): Promise<DeliveryQuote> {
    if (/mars/i.test(address)) {
      throw new DomainError(
        ErrorCode.OUT_OF_DELIVERY_AREA,
        'Sorry, that address is outside our delivery area; we deliver within 5 kilometres.',
      );
    }
    if (/nowhere/i.test(address)) {
      throw new DomainError(ErrorCode.ADDRESS_NOT_FOUND, 'I could not find that address; please say the street and city again.');
    }
    return {
      formattedAddress: '221 Pine St, Seattle, WA 98101',
      lat: 47.61,
      lng: -122.34,
      distanceMeters: 1800,
      zone: 'Downtown',
      feeCents: 350,
      minOrderCents: 2000,
    };
  }

  describeRules(): string {
    return 'Downtown zone within 5 km: delivery fee $3.50, minimum order $20.00.';
  }
}

const CALLER = '+12065550142';
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
/** getMenu's answer for the demo drinks: each has a size, with a default. */
const DRINKS =
  'Drinks: San Pellegrino $3.50, Coca-Cola $3.00. San Pellegrino choices: Size (pick 1): 500 ml (default) or 1 liter +$2.50. ' +
  'Coca-Cola choices: Size (pick 1): Can (default) or Bottle +$1.00.';
/** The demo pizzas' choices, said once for the category (prices in getMenu and the prompt, not in a refusal). */
const PIZZA_CHOICES =
  'Size (pick 1): Small -$2.00, Medium (default) or Large +$5.00; Toppings (up to 5): Extra cheese +$2.00, Mushrooms +$1.50, ' +
  'Pepperoni +$2.50, Olives +$1.00, Jalapeños +$1.00 or Fresh basil +$0.50; Leave off (up to 3): No basil, No garlic or Light sauce';

describe('POST /webhook/vapi (Vapi server URL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      // Noon on an ordinary Tuesday, so the times the tools say are fixed; room in every slot, so every order placed as
      // soon as possible is promised from noon (test/voice-ahead.e2e-spec.ts has the slots, full ones and the pause).
      clock: ordinaryDayClock(),
      env: {
        ...VOICE_TEST_ENV,
        VAPI_HMAC_SECRET: VAPI_TEST_HMAC_SECRET,
        // Low on purpose: the webhook must never be limited; public routes in this file carry the admin token.
        THROTTLE_LIMIT: '5',
        SLOT_CAPACITY_PICKUP: '1000',
        SLOT_CAPACITY_DELIVERY: '1000',
      },
      override: (b) => b.overrideProvider(DeliveryService).useClass(ZonedDelivery),
    });
  });
  afterAll(() => t.close());

  const send = (body: VapiBody) => sendVapi(t.url, body);
  const resultsOf = (reply: VapiReplyBody) => {
    if (!reply.results) throw new Error(`no results in ${JSON.stringify(reply)}`);
    return reply.results;
  };
  const run = async (calls: Parameters<typeof toolCallsMessage>[0], opts: Parameters<typeof toolCallsMessage>[1] = {}) =>
    resultsOf(await send(toolCallsMessage(calls, opts)));
  const one = async (name: string, args: ToolArguments, opts: Parameters<typeof toolCallsMessage>[1] = {}) =>
    (await run([{ name, args }], opts))[0];
  /** The document leaves the assistant open: it is Vapi's CreateAssistantDto, as the builder types it. */
  const assistantOf = (reply: VapiReplyBody) => {
    const assistant = reply.assistant as Vapi.CreateAssistantDto | undefined;
    if (!assistant?.model) throw new Error(`no assistant with a model in ${JSON.stringify(reply)}`);
    return { ...assistant, model: assistant.model, prompt: assistant.model.messages?.[0]?.content ?? '' };
  };
  const ordersOfCall = async (callId: string) =>
    t.dataSource.query<{ id: string; channel: string }[]>(`SELECT id, channel, voice_call_id FROM orders WHERE voice_call_id = $1`, [
      callId,
    ]);
  const place = (callId: string, extra: Record<string, unknown> = {}, phone: string | null = CALLER) =>
    one(
      'placeOrder',
      { customerName: 'Grace', fulfillment: 'pickup', paymentMethod: 'cash', items: [{ name: 'tiramisu', quantity: 1 }], ...extra },
      { callId, phone },
    );
  const numberIn = (text: string) => /\(written ([A-Z]{1,2}-\d{4})\)/.exec(text)![1];

  describe('authentication', () => {
    const body: VapiBody = { message: { type: 'status-update', status: 'in-progress', call: { id: 'auth-call' } } };

    it('refuses requests without credentials or with a wrong secret (401)', async () => {
      await expectError(api(t.url).POST('/webhook/vapi', { body }), 401);
      await expectError(vapiClient(t.url, 'wrong-secret').POST('/webhook/vapi', { body }), 401);
      await expectError(vapiClient(t.url, `${VAPI_TEST_SECRET}x`).POST('/webhook/vapi', { body }), 401);
    });

    it('accepts X-Vapi-Secret and Authorization: Bearer with VAPI_SECRET', async () => {
      await expectStatus(vapiClient(t.url).POST('/webhook/vapi', { body }), 200);
      const bearer = api(t.url, { headers: { Authorization: `Bearer ${VAPI_TEST_SECRET}` } });
      await expectStatus(bearer.POST('/webhook/vapi', { body }), 200);
    });

    it('accepts an HMAC-signed request (timestamp in ms or s) and refuses a stale, future, forged or altered one', async () => {
      await postVapiSigned(t.url, body).expect(200);
      await postVapiSigned(t.url, body, { timestamp: String(Math.floor(Date.now() / 1000)) }).expect(200);
      await postVapiSigned(t.url, body, { timestamp: String(Date.now() - 6 * 60_000) }).expect(401);
      await postVapiSigned(t.url, body, { timestamp: String(Date.now() + 6 * 60_000) }).expect(401);
      await postVapiSigned(t.url, body, { secret: 'not-the-hmac-secret' }).expect(401);
      await postVapiSigned(t.url, body, { tamper: true }).expect(401);
    });

    it('is never rate limited, while the public API is (limit 5 here)', async () => {
      for (let i = 0; i < 12; i++) {
        const { response } = await vapiClient(t.url).POST('/webhook/vapi', { body });
        expect(response.status).toBe(200);
        expect([...response.headers.keys()].filter((h) => h.includes('ratelimit'))).toEqual([]);
      }
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await request(t.url).get('/api/menu')).status);
      expect(statuses).toContain(429);
    });
  });

  describe('malformed bodies with valid credentials', () => {
    it.each([
      ['not JSON', 'this is not json', 'application/json'],
      ['plain text', 'hello', 'text/plain'],
      ['no message', '{}', 'application/json'],
      ['message not an object', '{"message":"tool-calls"}', 'application/json'],
      ['message without a type', '{"message":{"call":{"id":"x"}}}', 'application/json'],
      ['a JSON array', '[1,2]', 'application/json'],
      ['a message without a type or tool calls', '{"message":{"call":{"id":"x"},"toolCallList":"x"}}', 'application/json'],
    ])('answers 400 for %s', async (_label, raw, type) => {
      const res = await request(t.url).post('/webhook/vapi').set('X-Vapi-Secret', VAPI_TEST_SECRET).set('Content-Type', type).send(raw);
      expect(res.status).toBe(400);
      expect(res.body.statusCode).toBe(400);
    });
  });

  describe('assistant-request', () => {
    it('answers with a transient assistant: restaurant, hours, menu with prices, delivery rules, tools pointing back here', async () => {
      const a = assistantOf(await send(vapiFixture<VapiBody>('assistant-request')));
      expect(a.firstMessage).toContain('Test Trattoria');
      expect(a.model).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini' });
      expect(a.voice).toEqual({ provider: 'vapi', voiceId: 'Elliot' });
      const prompt = a.prompt;
      expect(a.model.messages?.[0].role).toBe('system');
      expect(prompt).toContain('Test Trattoria');
      expect(prompt).toContain('We are open 24 hours a day');
      expect(prompt).toContain('Margherita Pizza, $14.50');
      // The choices, briefly: once for the pizzas, per dish where dishes differ.
      expect(prompt).toContain(`Choices for each of the Pizzas: ${PIZZA_CHOICES}`);
      expect(prompt).toContain('Choices: Sauce (pick 1): Calabrian chili (default), Honey garlic or Buffalo');
      expect(prompt).toContain('Pizzas:');
      expect(prompt).toContain('Downtown zone within 5 km: delivery fee $3.50, minimum order $20.00.');
      expect(prompt).toContain('call placeOrder');
      expect(prompt).toContain(CALLER);
      expect(prompt).toContain('call endCall to hang up');
      const tools = a.model.tools ?? [];
      // Our tools, each pointing back here, then Vapi's endCall (not the deprecated endCallFunctionEnabled).
      expect(tools.map((tool) => (tool.type === 'function' ? tool.function?.name : tool.type))).toEqual([
        ...TOOL_NAMES,
        'transferCall',
        'endCall',
      ]);
      expect(tools.at(-1)).toEqual({ type: 'endCall' });
      expect(a).not.toHaveProperty('endCallFunctionEnabled');
      for (const tool of tools) {
        if (tool.type !== 'function') continue;
        expect(tool.server?.url).toBe('https://orders.example.com/webhook/vapi');
        expect(tool.server?.headers).toEqual({ 'X-Vapi-Secret': VAPI_TEST_SECRET });
        expect(tool.function?.parameters).toEqual(vapiSchema(VOICE_TOOLS.find((v) => v.name === tool.function?.name)!.parameters));
      }
      expect(a.server?.url).toBe('https://orders.example.com/webhook/vapi');
      expect(a.serverMessages).toEqual(expect.arrayContaining(['end-of-call-report', 'status-update']));
      expect(a.name?.length).toBeLessThanOrEqual(40);
    });

    it('reflects a menu availability change on the very next call', async () => {
      const menu = (await request(t.url).get('/api/menu').set(admin).expect(200)).body as { id: string; name: string }[];
      const tiramisu = menu.find((m) => m.name === 'Tiramisu')!;
      await request(t.url).patch(`/api/menu/${tiramisu.id}`).set(admin).send({ available: false }).expect(200);
      const off = assistantOf(await send(vapiFixture<VapiBody>('assistant-request')));
      expect(off.prompt).not.toContain('Tiramisu');
      await request(t.url).patch(`/api/menu/${tiramisu.id}`).set(admin).send({ available: true }).expect(200);
      const on = assistantOf(await send(vapiFixture<VapiBody>('assistant-request')));
      expect(on.prompt).toContain('Tiramisu, $8.50');
    });

    it('opens a call record for the ringing call', async () => {
      await send(vapiFixture<VapiBody>('assistant-request'));
      const call = await request(t.url).get('/api/calls/5f1c2a9e-7d3b-4e11-9a0c-2b8f6d4e9a10').set(admin).expect(200);
      expect(call.body).toMatchObject({ callId: '5f1c2a9e-7d3b-4e11-9a0c-2b8f6d4e9a10', customerPhone: CALLER });
    });
  });

  describe('tool-calls in Vapi shapes', () => {
    it('places the fixture order (arguments as an object) once, however often the same tool call is repeated', async () => {
      const fixture = vapiFixture<VapiBody>('tool-calls');
      const callId = fixture.message.call!.id!;
      const first = await send(fixture);
      expect(first.results).toHaveLength(1);
      const [r] = resultsOf(first);
      expect(r).toMatchObject({ name: 'placeOrder', toolCallId: 'call_Xk3pQ9vLm2RtY7wZa1BcD4eF' });
      expect(r.error).toBeUndefined();
      expect(r.result).toMatch(/^Order placed\. The order number is [A-Z] \d \d \d \d \(written [A-Z]-\d{4}\)/);
      // No size was said: the default is the one placed, and the confirmation says it.
      expect(r.result).toContain('2 Medium Margherita Pizza for delivery to 221 Pine St, Seattle, WA 98101');
      expect(r.result).toContain('The total of $35.40 is paid in cash on delivery.');
      // When it will be at the door, from the order's promise (noon, 19 minutes in the kitchen, 16 on the road).
      expect(r.result).toContain('for delivery to 221 Pine St, Seattle, WA 98101. It will be at your door around 12:35 pm. The total');
      expect(r.result).not.toContain('\n');

      const again = await Promise.all([send(fixture), send(fixture)]);
      for (const reply of again) expect(reply).toEqual(first);
      const orders = await ordersOfCall(callId);
      expect(orders).toHaveLength(1);
      expect(orders[0].channel).toBe('voice');

      const order = (await request(t.url).get(`/api/orders/${orders[0].id}`).set(admin).expect(200)).body;
      expect(order).toMatchObject({
        channel: 'voice',
        voiceCallId: callId,
        customerName: 'Grace',
        customerPhone: CALLER,
        fulfillment: 'delivery',
        subtotalCents: 2900,
        deliveryFeeCents: 350,
        taxCents: 290,
        totalCents: 3540,
        paymentMethod: 'cash',
        paymentStatus: 'unpaid',
        requestedTime: null,
        promisedAt: '2026-03-10T12:35:00.000-07:00',
      });
      expect(order.delivery.zone).toBe('Downtown');
    });

    it('handles arguments as a JSON string and several calls per message, answering in call order', async () => {
      const results = resultsOf(await send(vapiFixture<VapiBody>('tool-calls-string-arguments')));
      expect(results.map((r) => [r.name, r.toolCallId])).toEqual([
        ['getMenu', 'call_menu_01'],
        ['getOrderStatus', 'call_status_02'],
      ]);
      expect(results[0].result).toMatch(/^Pizzas: Margherita Pizza \$14\.50, Pepperoni Pizza \$16\.00/);
      expect(results[1]).toEqual({
        name: 'getOrderStatus',
        toolCallId: 'call_status_02',
        error: 'I could not find order A 1 0 4 2 for this phone number.',
      });
    });

    it('accepts the toolCalls alias', async () => {
      const results = await run(
        [
          { name: 'checkDeliveryAddress', args: { address: '221 Pine St' }, id: 'a1' },
          { name: 'getMenu', args: JSON.stringify({ category: 'desserts' }), id: 'a2' },
        ],
        { alias: true },
      );
      expect(results.map((r) => r.toolCallId)).toEqual(['a1', 'a2']);
      expect(results[1].result).toBe('Desserts: Tiramisu $8.50, Cannoli $7.00.');
    });

    const flatCall = (id: string, name: string, parameters?: Record<string, unknown>) => ({ id, name, ...(parameters && { parameters }) });
    const callOf = (id: string) => ({ id, type: 'inboundPhoneCall', customer: { number: CALLER } });

    it("honours the parameters of the flattened shape of Vapi's server-events page ({id, name, parameters})", async () => {
      const reply = await send({
        message: {
          type: 'tool-calls',
          call: callOf('flat-call'),
          toolCallList: [
            flatCall('f1', 'getMenu', { category: 'Pizzas' }),
            flatCall('f2', 'getMenu'),
            flatCall('f3', 'quoteOrder', { fulfillment: 'pickup', items: [{ name: 'tiramisu', quantity: '2' }] }),
          ],
        },
      });
      const [pizzas, everything, quote] = resultsOf(reply);
      expect(pizzas).toMatchObject({ name: 'getMenu', toolCallId: 'f1' });
      expect(pizzas.result).toMatch(/^Pizzas: Margherita Pizza \$14\.50, .*Diavola Pizza \$16\.50\. Choices for each: Size \(pick 1\): /);
      // The positive control: the same tool without parameters reads the whole menu.
      expect(everything.result).toMatch(/^Pizzas: .* Desserts: Tiramisu \$8\.50, Cannoli \$7\.00\. Drinks: /);
      expect(quote.result).toMatch(/^2 Tiramisu \$17\.00\. Subtotal \$17\.00, tax \$1\.70\. Total \$18\.70\./);
    });

    it("reads the calls of the SDK's toolWithToolCallList when no list is beside it, and a tool-calls message without a type", async () => {
      const toolCall = { id: 'w1', type: 'function', function: { name: 'getMenu', arguments: JSON.stringify({ category: 'drinks' }) } };
      const viaTools = await send({
        message: { type: 'tool-calls', call: callOf('tools-call'), toolWithToolCallList: [{ type: 'function', toolCall }] },
      });
      expect(viaTools).toEqual({
        results: [{ name: 'getMenu', toolCallId: 'w1', result: DRINKS }],
      });
      // Vapi's SDK types `type` as optional on tool-calls alone.
      const untyped = await send({ message: { call: callOf('untyped-call'), toolCallList: [toolCall] } });
      expect(untyped).toEqual(viaTools);
    });

    it('answers a tool-calls message it cannot read with 200 and a request to call again, never a 4xx', async () => {
      for (const list of ['{"toolCallList":"x"}', '{"toolCallList":{"id":"x"}}', '{}']) {
        const res = await postVapi(t.url, { message: { type: 'tool-calls', call: { id: 'unreadable-call' }, ...JSON.parse(list) } });
        expect({ list, status: res.status, body: res.body }).toEqual({
          list,
          status: 200,
          body: { results: [], error: 'This tool call could not be read; please call the tool again.' },
        });
      }
      const results = await run(Array.from({ length: 21 }, (_, i) => ({ name: 'getMenu', args: { category: 'drinks' }, id: `many-${i}` })));
      expect(results).toHaveLength(21);
      expect(results[19].result).toBe(DRINKS);
      expect(results[20]).toEqual({
        name: 'getMenu',
        toolCallId: 'many-20',
        error: 'Too many tool calls at once; please call this one again.',
      });
    });

    it('answers every broken tool call with an error in place, never failing the others', async () => {
      const res = await postVapi(t.url, {
        message: {
          type: 'tool-calls',
          call: { id: 'junk-call', customer: { number: CALLER } },
          toolCallList: [
            null,
            42,
            'x',
            { id: 'j1', type: 'function', function: { name: 'getMenu', arguments: '{not json' } },
            { id: 'j2', type: 'function', function: { name: 'orderPizza', arguments: {} } },
            { id: 'j3', type: 'function', function: { name: 'placeOrder', arguments: [1, 2] } },
            { id: 'j4', type: 'function', function: { name: 'getMenu' } },
            { id: 'j5', name: 'getMenu', arguments: { category: 'Drinks' } },
          ],
        },
      }).expect(200);
      const results = res.body.results;
      expect(results).toHaveLength(8);
      expect(results.slice(0, 3)).toEqual(
        ['missing-id-0', 'missing-id-1', 'missing-id-2'].map((toolCallId) => ({
          name: '',
          toolCallId,
          error: 'This tool call could not be read; please call the tool again.',
        })),
      );
      expect(results[3].error).toBe('The arguments for getMenu were not valid JSON; please call it again.');
      expect(results[4].error).toMatch(/^There is no tool called orderPizza; the tools are getMenu, /);
      expect(results[5].error).toBe('I could not run placeOrder: arguments must be an object.');
      expect(results[6].result).toMatch(/^Pizzas:/);
      expect(results[7].result).toBe(DRINKS);
    });
  });

  describe('each tool, success and failure wording', () => {
    it('getMenu: the whole menu or one category; an unknown category lists the real ones', async () => {
      expect((await one('getMenu', { category: 'pizza' })).result).toMatch(
        /^Pizzas: Margherita Pizza \$14\.50, .*Diavola Pizza \$16\.50\. Choices for each: /,
      );
      expect((await one('getMenu', { category: 'pizza' })).result).toBe(
        `Pizzas: Margherita Pizza $14.50, Pepperoni Pizza $16.00, Quattro Formaggi Pizza $17.00, Funghi Pizza $15.50, Diavola Pizza $16.50. Choices for each: ${PIZZA_CHOICES}.`,
      );
      expect((await one('getMenu', { category: 'salads' })).result).toBe(
        'Salads: Caesar Salad $11.00, Caprese Salad $10.50. ' +
          'Caesar Salad choices: Dressing (pick 1): Caesar (default), Balsamic vinaigrette, Ranch or Lemon and olive oil; Add protein (up to 1): Grilled chicken +$4.00 or Shrimp +$6.00. ' +
          'Caprese Salad choices: Dressing (pick 1): Caesar, Balsamic vinaigrette (default), Ranch or Lemon and olive oil; Add protein (up to 1): Grilled chicken +$4.00 or Shrimp +$6.00.',
      );
      expect((await one('getMenu', { category: 'sushi' })).error).toBe(
        'We have no sushi on the menu. The categories are Pizzas, Pasta, Salads, Sides, Desserts and Drinks.',
      );
    });

    it('checkDeliveryAddress: zone, fee and minimum; delivery errors read as the geo service wrote them', async () => {
      expect((await one('checkDeliveryAddress', { address: '221 pine street' })).result).toBe(
        'We deliver to 221 Pine St, Seattle, WA 98101 (Downtown zone): the delivery fee is $3.50 and the minimum order is $20.00.',
      );
      expect((await one('checkDeliveryAddress', { address: '1 Mars Way' })).error).toBe(
        'Sorry, that address is outside our delivery area; we deliver within 5 kilometres.',
      );
      expect((await one('checkDeliveryAddress', { address: 'nowhere' })).error).toBe(
        'I could not find that address; please say the street and city again.',
      );
      expect((await one('checkDeliveryAddress', {})).error).toBe('I could not run checkDeliveryAddress: address is required.');
    });

    it('quoteOrder: items, fee, tax and total as money; names matched loosely; bad dishes listed', async () => {
      expect(
        (
          await one('quoteOrder', {
            fulfillment: 'delivery',
            deliveryAddress: '221 Pine Street',
            items: [{ name: 'margheritas', quantity: 2 }],
          })
        ).result,
      ).toBe(
        '2 Medium Margherita Pizza $29.00. Subtotal $29.00, delivery fee $3.50, tax $2.90. Total $35.40. ' +
          'The caller did not choose these, so the default is used: Medium (size) for the Margherita Pizza; say so when you read back, so the caller can change them. ' +
          // Noon, plus 15 + 2 x 2 minutes in the kitchen and 10 + 3 per km for the 1.8 km drive.
          'It would be at your door around 12:35 pm. Read this back to the caller and ask them to confirm before placing the order.',
      );
      expect(
        (
          await one('quoteOrder', {
            fulfillment: 'pickup',
            items: [
              { name: 'pepperonni', quantity: 1, notes: 'well done' },
              { name: 'coke', quantity: 2 },
            ],
          })
        ).error,
      ).toMatch(/^"coke" is not on our menu; the closest dishes are .+\.$/);
      expect((await one('quoteOrder', { fulfillment: 'pickup', items: [{ name: 'salad', quantity: 1 }] })).error).toBe(
        '"salad" could be Caesar Salad or Caprese Salad; ask the caller which one.',
      );
      expect((await one('quoteOrder', { fulfillment: 'delivery', items: [{ name: 'tiramisu', quantity: 1 }] })).error).toBe(
        'I need the delivery address for a delivery order (deliveryAddress).',
      );
      expect(
        (
          await one('quoteOrder', {
            fulfillment: 'delivery',
            deliveryAddress: '221 Pine St',
            items: [{ name: 'garlic knots', quantity: 1 }],
          })
        ).error,
      ).toBe('Delivery to this address needs a minimum order of $20.00; please add $14.00 more.');
      const menu = (await request(t.url).get('/api/menu').set(admin).expect(200)).body as { id: string; name: string }[];
      const wings = menu.find((m) => m.name === 'Chicken Wings')!;
      expect(
        (
          await one('quoteOrder', {
            fulfillment: 'pickup',
            items: [
              { menuItemId: wings.id, quantity: 1 },
              { name: 'pepperonni', quantity: 1, notes: 'well done' },
            ],
          })
        ).result,
      ).toBe(
        '1 Chicken Wings with Calabrian chili $12.00 and 1 Medium Pepperoni Pizza (well done) $16.00. Subtotal $28.00, tax $2.80. Total $30.80. ' +
          'The caller did not choose these, so the default is used: Calabrian chili (sauce) for the Chicken Wings and Medium (size) for the Pepperoni Pizza; say so when you read back, so the caller can change them. ' +
          'It would be ready for pickup around 12:19 pm. Read this back to the caller and ask them to confirm before placing the order.',
      );
    });

    it('placeOrder: card orders text the payment link, never read it; missing name or phone and unavailable dishes are refused', async () => {
      const card = await place('call-card', { paymentMethod: 'card' });
      expect(card.result).toMatch(
        /The total is \$9\.35 by card: we have texted a secure payment link to \+\d+\. Tell the caller to open that text and pay there/,
      );
      const cardOrder = await ordersOfCall('call-card');
      const checkoutUrl: string = (await request(t.url).get(`/api/orders/${cardOrder[0].id}`).set(admin)).body.payment.checkoutUrl;
      expect(checkoutUrl).toMatch(/^https:\/\/checkout\.mock\.local\//);
      expect(card.result).not.toContain('http');
      // The link was decided with the order, in the same statement, as a text to the caller's phone.
      const texts: { kind: string; body: string }[] = await t.dataSource.query(
        `SELECT kind, body FROM outbound_messages WHERE order_id = $1 ORDER BY kind`,
        [cardOrder[0].id],
      );
      expect(texts.map((m) => m.kind)).toEqual(['confirmed', 'payment_link']);
      expect(texts[1].body).toContain(`Pay here: ${checkoutUrl}`);

      expect(
        (
          await one(
            'placeOrder',
            { fulfillment: 'pickup', paymentMethod: 'cash', items: [{ name: 'tiramisu', quantity: 1 }] },
            { callId: 'call-noname' },
          )
        ).error,
      ).toBe('I could not run placeOrder: customerName is required.');
      expect((await place('call-nophone', {}, null)).error).toBe(
        'I need a phone number for the order; please ask the caller for it and pass it as customerPhone.',
      );
      expect((await place('call-badphone', { customerPhone: '12' })).error).toBe(
        'I could not place the order: customerPhone must be an international phone number such as +12065550142.',
      );
      const given = await place('call-givenphone', { customerPhone: '+1 (206) 555-0199' }, null);
      expect(given.result).toMatch(/^Order placed/);

      const menu = (await request(t.url).get('/api/menu').set(admin).expect(200)).body as { id: string; name: string }[];
      const cannoli = menu.find((m) => m.name === 'Cannoli')!;
      await request(t.url).patch(`/api/menu/${cannoli.id}`).set(admin).send({ available: false }).expect(200);
      expect((await place('call-soldout', { items: [{ name: 'cannolis', quantity: 2 }] })).error).toBe(
        'Sorry, Cannoli is not available right now.',
      );
      await request(t.url).patch(`/api/menu/${cannoli.id}`).set(admin).send({ available: true }).expect(200);
      expect(await ordersOfCall('call-soldout')).toHaveLength(0);
      expect(await ordersOfCall('call-noname')).toHaveLength(0);
    });

    it('getOrderStatus and cancelOrder: only for the phone that ordered; spoken numbers accepted; too late to cancel is explained', async () => {
      const placed = await place('call-status');
      const number = numberIn(placed.result!);
      const spoken = number.replace('-', ' ').split('').join(' ');

      const status = await one('getOrderStatus', { orderNumber: spoken });
      expect(status.result).toBe(
        `Order ${number.replace('-', '').split('').join(' ')} has been received and will be confirmed shortly. It should be ready for pickup around 12:16 pm. It has 1 Tiramisu, total $9.35, for pickup.`,
      );
      expect((await one('getOrderStatus', { orderNumber: number }, { phone: '+12065550000' })).error).toBe(
        `I could not find order ${number.replace('-', '').split('').join(' ')} for this phone number.`,
      );
      expect((await one('getOrderStatus', { orderNumber: 'pizza' })).error).toMatch(/^"pizza" is not one of our order numbers/);
      expect((await one('cancelOrder', { orderNumber: number }, { phone: null })).error).toMatch(
        /^I can only look up an order from the phone number that placed it/,
      );

      const cancelled = await one('cancelOrder', { orderNumber: number.toLowerCase() });
      expect(cancelled.result).toBe(`Order ${number.replace('-', '').split('').join(' ')} is cancelled.`);
      expect((await one('getOrderStatus', { orderNumber: number })).result).toMatch(/was cancelled\./);
      const [row] = await ordersOfCall('call-status');
      const history = statusHistory((await request(t.url).get(`/api/orders/${row.id}`).set(admin)).body as ApiSchema<'OrderDto'>);
      expect(history.at(-1)).toMatchObject({ from: 'received', to: 'cancelled', actor: 'caller' });

      const late = await place('call-late');
      const lateNumber = numberIn(late.result!);
      const [lateRow] = await ordersOfCall('call-late');
      for (const s of ['confirmed', 'preparing', 'ready']) {
        await request(t.url).patch(`/api/orders/${lateRow.id}/status`).set(admin).send({ status: s }).expect(200);
      }
      expect((await one('cancelOrder', { orderNumber: lateNumber })).error).toBe(
        `Order ${lateNumber.replace('-', '').split('').join(' ')} is ready for pickup, so it can no longer be cancelled. The caller can ask to speak to the restaurant.`,
      );
    });
  });

  describe('choices (menu options) by name', () => {
    type MenuRow = { id: string; name: string; optionGroups: { id: string; name: string; options: { id: string; name: string }[] }[] };
    const menuRows = async () => (await request(t.url).get('/api/menu').set(admin).expect(200)).body as MenuRow[];
    /** The id of a demo option, e.g. Margherita Pizza's Mushrooms. */
    const optionId = async (dish: string, option: string) =>
      (await menuRows())
        .find((m) => m.name === dish)!
        .optionGroups.flatMap((g) => g.options)
        .find((o) => o.name === option)!.id;
    const setAvailable = async (id: string, available: boolean) =>
      request(t.url).patch(`/api/menu-options/${id}`).set(admin).send({ available }).expect(200);
    const quote = (items: Record<string, unknown>[]) => one('quoteOrder', { fulfillment: 'pickup', items });
    const READ_BACK = 'Read this back to the caller and ask them to confirm before placing the order.';

    let calamari: MenuRow;
    beforeAll(async () => {
      // A required choice with no default, as an admin might set one up: the caller has to choose.
      const dish = (
        await request(t.url).post('/api/menu').set(admin).send({ name: 'Fried Calamari', category: 'Sides', priceCents: 1300 }).expect(201)
      ).body as MenuRow;
      calamari = (
        await request(t.url)
          .post(`/api/menu/${dish.id}/option-groups`)
          .set(admin)
          .send({
            name: 'Dip',
            minChoices: 1,
            maxChoices: 1,
            options: [
              { name: 'Aioli', priceDeltaCents: 0 },
              { name: 'Marinara', priceDeltaCents: 50 },
            ],
          })
          .expect(201)
      ).body as MenuRow;
    });

    it('quoteOrder prices the choices said loosely, in the options or in the dish name, and reads each line with them', async () => {
      expect((await quote([{ name: 'margheritas', quantity: 2, options: ['LARGE', 'extra cheese'] }])).result).toBe(
        `2 Large Margherita Pizza with Extra cheese $43.00. Subtotal $43.00, tax $4.30. Total $47.30. It would be ready for pickup around 12:19 pm. ${READ_BACK}`,
      );
      expect(
        (
          await quote([
            { name: 'large pepperoni', quantity: 1, options: ['hold the garlic', 'mushroom'] },
            { name: 'caesar salad with ranch', quantity: 1, options: ['chicken'] },
            { name: 'san pellegrino', quantity: 1, options: ['one liter'] },
          ])
        ).result,
      ).toBe(
        '1 Large Pepperoni Pizza with Mushrooms and No garlic $22.50, 1 Caesar Salad with Ranch and Grilled chicken $15.00 and 1 San Pellegrino (1 liter) $6.00. ' +
          `Subtotal $43.50, tax $4.35. Total $47.85. It would be ready for pickup around 12:19 pm. ${READ_BACK}`,
      );
    });

    it('quoteOrder uses the default of a required choice the caller did not make, and says so for the read-back', async () => {
      expect(
        (
          await quote([
            { name: 'caesar salad', quantity: 1 },
            { name: 'margherita pizza', quantity: 1, options: ['small'] },
          ])
        ).result,
      ).toBe(
        '1 Caesar Salad with Caesar $11.00 and 1 Small Margherita Pizza $12.50. Subtotal $23.50, tax $2.35. Total $25.85. ' +
          'The caller did not choose these, so the default is used: Caesar (dressing) for the Caesar Salad; say so when you read back, so the caller can change them. ' +
          `It would be ready for pickup around 12:19 pm. ${READ_BACK}`,
      );
    });

    it('a missing required choice with no default comes back as the question to ask, from quoteOrder and placeOrder (Vapi fixture), and no order is placed', async () => {
      const fixture = vapiFixture<VapiBody>('tool-calls-options');
      const callId = fixture.message.call!.id!;
      const ask = 'Ask the caller: Fried Calamari needs a dip: Aioli or Marinara.';
      expect(resultsOf(await send(fixture))).toEqual([
        { name: 'quoteOrder', toolCallId: 'call_quote_options_01', error: ask },
        { name: 'placeOrder', toolCallId: 'call_place_options_02', error: ask },
      ]);
      expect(await ordersOfCall(callId)).toHaveLength(0);

      // The caller answers: the same order with the dip is placed, the choices stored with its lines.
      const items = [
        { name: 'margheritas', quantity: 2, options: ['large', 'extra cheese'] },
        { name: 'fried calamari', quantity: 1, options: ['marinara'] },
      ];
      const placed = await one('placeOrder', { customerName: 'Grace', fulfillment: 'pickup', paymentMethod: 'cash', items }, { callId });
      expect(placed.result).toMatch(
        /^Order placed\. .* 2 Large Margherita Pizza with Extra cheese and 1 Fried Calamari with Marinara for pickup at Test Trattoria\. It will be ready for pickup around 12:21 pm\. The total of \$62\.15 is paid in cash at pickup\.$/,
      );
      const [row] = await ordersOfCall(callId);
      const order = (await request(t.url).get(`/api/orders/${row.id}`).set(admin).expect(200)).body as {
        items: { name: string; unitPriceCents: number; options: { group: string; name: string }[] }[];
      };
      expect(order.items.map((l) => [l.name, l.unitPriceCents, l.options.map((o) => `${o.group}: ${o.name}`)])).toEqual([
        ['Margherita Pizza', 2150, ['Size: Large', 'Toppings: Extra cheese']],
        ['Fried Calamari', 1350, ['Dip: Marinara']],
      ]);

      // With nothing left to choose from, there is no question to ask: the dish cannot be had now.
      const [aioli, marinara] = calamari.optionGroups[0].options;
      await setAvailable(aioli.id, false);
      await setAvailable(marinara.id, false);
      expect((await quote([{ name: 'calamari', quantity: 1 }])).error).toBe('Fried Calamari needs a dip: none is available right now.');
      await setAvailable(aioli.id, true);
      await setAvailable(marinara.id, true);
    });

    it('a choice the dish does not have, one that ran out, too many or the same twice: each refused in words, all at once', async () => {
      expect((await quote([{ name: 'margherita pizza', quantity: 1, options: ['pineapple'] }])).error).toBe(
        'Margherita Pizza has no option called "pineapple". Its choices: Size (pick 1): Small, Medium (default) or Large; ' +
          'Toppings (up to 5): Extra cheese, Mushrooms, Pepperoni, Olives, Jalapeños or Fresh basil; Leave off (up to 3): No basil, No garlic or Light sauce.',
      );
      expect((await quote([{ name: 'tiramisu', quantity: 1, options: ['no cocoa'] }])).error).toBe(
        'Tiramisu has no choices to make; if "no cocoa" is a special request, put it in the item\'s notes.',
      );
      expect((await quote([{ name: 'margherita pizza', quantity: 1, options: ['small', 'large'] }])).error).toBe(
        'Margherita Pizza takes a size; 2 were chosen.',
      );
      expect((await quote([{ name: 'margherita pizza', quantity: 1, options: ['extra cheese', 'cheese'] }])).error).toBe(
        'Margherita Pizza: "Extra cheese" was chosen twice; each option can be chosen once.',
      );
      const mushrooms = await optionId('Margherita Pizza', 'Mushrooms');
      await setAvailable(mushrooms, false);
      expect(
        (
          await quote([
            { name: 'margherita pizza', quantity: 1, options: ['mushrooms'] },
            { name: 'sushi', quantity: 1 },
            { name: 'calamari', quantity: 1 },
          ])
        ).error,
      ).toMatch(
        /^Sorry, Mushrooms is not available for Margherita Pizza right now\. Toppings: Extra cheese, Pepperoni, Olives, Jalapeños or Fresh basil\. "sushi" is not on our menu; the closest dishes are .+\. Ask the caller: Fried Calamari needs a dip: Aioli or Marinara\.$/,
      );
      await setAvailable(mushrooms, true);
      // Positive control: the same line prices once the topping is back.
      expect((await quote([{ name: 'margherita pizza', quantity: 1, options: ['mushrooms'] }])).result).toMatch(
        /^1 Medium Margherita Pizza with Mushrooms \$16\.00\./,
      );
    });

    it('a repeated placeOrder tool call places one order with its choices, and answers the same even after a choice ran out', async () => {
      const callId = 'call-options-repeat';
      const args = {
        customerName: 'Ada',
        fulfillment: 'pickup',
        paymentMethod: 'cash',
        items: [{ name: 'large margherita', quantity: 1, options: ['extra cheese', 'no basil'] }],
      };
      const message = toolCallsMessage([{ name: 'placeOrder', args, id: 'call_place_options_repeat' }], { callId });
      const first = resultsOf(await send(message));
      expect(first[0].result).toMatch(
        / 1 Large Margherita Pizza with Extra cheese and No basil for pickup at Test Trattoria\. It will be ready for pickup around 12:17 pm\. The total of \$23\.65 /,
      );
      const again = await Promise.all([send(message), send(message)]);
      for (const reply of again) expect(resultsOf(reply)).toEqual(first);

      const cheese = await optionId('Margherita Pizza', 'Extra cheese');
      await setAvailable(cheese, false);
      // Vapi repeating the call after the topping ran out: the order was placed, and its answer stands.
      expect(resultsOf(await send(message))).toEqual(first);
      // Positive control: a new tool call with the same arguments is refused now.
      const fresh = await one('placeOrder', args, { callId });
      expect(fresh.error).toMatch(/^Sorry, Extra cheese is not available for Margherita Pizza right now\./);
      await setAvailable(cheese, true);

      const orders = await ordersOfCall(callId);
      expect(orders).toHaveLength(1);
      const order = (await request(t.url).get(`/api/orders/${orders[0].id}`).set(admin).expect(200)).body as {
        items: { options: { name: string }[] }[];
        totalCents: number;
      };
      expect(order.items[0].options.map((o) => o.name)).toEqual(['Large', 'Extra cheese', 'No basil']);
      expect(order.totalCents).toBe(2365);
    });
  });

  it('every tool accepts any arguments its own schema allows (schemas and handlers agree)', async () => {
    const placed = await place('call-schema');
    const menu = (await request(t.url).get('/api/menu').set(admin).expect(200)).body as { id: string; name: string }[];
    const examples: Record<string, unknown> = {
      category: 'Pizzas',
      address: '221 Pine St',
      deliveryAddress: '221 Pine St',
      name: 'Margherita Pizza',
      menuItemId: menu.find((m) => m.name === 'Margherita Pizza')!.id,
      notes: 'extra basil',
      options: 'large',
      customerName: 'Ada',
      customerPhone: CALLER,
      orderNumber: numberIn(placed.result!),
      time: 'tomorrow at noon',
      day: 'tomorrow',
    };
    const example = (schema: JsonSchema, key: string, full: boolean): unknown => {
      if (schema.enum) return schema.enum[schema.enum.length - 1];
      if (schema.type === 'object') {
        const keys = Object.keys(schema.properties!).filter((k) => full || schema.required?.includes(k));
        return Object.fromEntries(keys.map((k) => [k, example(schema.properties![k], k, full)]));
      }
      if (schema.type === 'array') return [example(schema.items!, key, full)];
      if (schema.type === 'integer' || schema.type === 'number') return Math.min(schema.maximum ?? 2, Math.max(schema.minimum ?? 2, 2));
      if (!(key in examples)) throw new Error(`no example value for "${key}": add one when a tool gains a field`);
      return examples[key];
    };
    // Only the required fields, then every field: both must get past argument checking.
    for (const full of [false, true]) {
      const calls = VOICE_TOOLS.filter((tool) => tool.name !== 'cancelOrder').map((tool) => ({
        name: tool.name,
        args: example(tool.parameters, tool.name, full) as ToolArguments,
      }));
      const results = await run(calls, { callId: `call-schema-${full}` });
      for (const r of results) {
        // Argument checking never refuses what the schema allows ("I could not run ..." is its wording).
        expect(`${r.name}: ${r.error ?? 'ok'}`).not.toMatch(/I could not run/);
        // With every field filled in, each tool succeeds; with only the required ones, dishes lack a name
        // (the schema cannot say "name or menuItemId") and delivery lacks an address: business refusals.
        if (full) expect({ name: r.name, error: r.error }).toEqual({ name: r.name, error: undefined });
      }
    }
    const cancel = await one(
      'cancelOrder',
      example(VOICE_TOOLS.find((v) => v.name === 'cancelOrder')!.parameters, 'cancelOrder', true) as ToolArguments,
    );
    expect(cancel.result).toMatch(/is cancelled\.$/);
  });

  describe('call events and the call record', () => {
    it("stores the end-of-call report once per call, even when delivered twice, linked to the call's orders", async () => {
      const report = vapiFixture<VapiBody>('end-of-call-report');
      const callId = report.message.call!.id!;
      await send({ message: { type: 'status-update', status: 'in-progress', call: { id: callId, customer: { number: CALLER } } } });
      expect(await send(report)).toEqual({});
      report.message.artifact!.recordingUrl = 'https://storage.vapi.ai/5f1c2a9e-mono.wav?sig=second';
      await send(report);
      // A late status update must not reopen an ended call.
      await send({ message: { type: 'status-update', status: 'in-progress', call: { id: callId } } });

      const rows = await t.dataSource.query(`SELECT reports_received FROM voice_calls WHERE call_id = $1`, [callId]);
      expect(rows).toHaveLength(1);
      expect(Number(rows[0].reports_received)).toBe(2);

      await request(t.url).get(`/api/calls/${callId}`).expect(401);
      const call = (await request(t.url).get(`/api/calls/${callId}`).set(admin).expect(200)).body;
      const orders = await ordersOfCall(callId);
      expect(orders).toHaveLength(1);
      expect(call).toEqual({
        callId,
        status: 'ended',
        endedReason: 'customer-ended-call',
        summary: 'Caller ordered two margheritas for delivery.',
        transcript: 'AI: Thanks for calling, pickup or delivery?\nUser: Delivery, two margheritas.',
        recordingUrl: 'https://storage.vapi.ai/5f1c2a9e-mono.wav?sig=second',
        cost: 0.4125,
        customerPhone: CALLER,
        startedAt: '2026-01-01T00:00:01.000Z',
        endedAt: '2026-01-01T00:05:11.000Z',
        transfer: null,
        orderIds: [orders[0].id],
      });
      await request(t.url).get('/api/calls/no-such-call').set(admin).expect(404);
    });

    it('gives the dashboard the call behind a phone order, from the database (CallsDashboardProvider)', async () => {
      const callId = 'call-dashboard-provider';
      const placed = await place(callId);
      expect(placed.error).toBeUndefined();
      const [order] = await ordersOfCall(callId);
      const provider = t.app.get(CallsDashboardProvider);
      // Before the call's report: the order was placed in it, but nothing of the call is stored yet.
      expect(await provider.callForOrder({ id: order.id, voiceCallId: callId })).toMatchObject({ id: callId, summary: null });

      const report = vapiFixture<VapiBody>('end-of-call-report');
      report.message.call!.id = callId;
      report.message.analysis!.summary = 'Caller ordered one tiramisu for pickup.';
      report.message.artifact!.recordingUrl = 'https://storage.vapi.ai/call-dashboard-provider.wav';
      await send(report);

      expect(await provider.callForOrder({ id: order.id, voiceCallId: callId })).toEqual({
        id: callId,
        startedAt: '2026-01-01T00:00:01.000Z',
        endedAt: '2026-01-01T00:05:11.000Z',
        endedReason: 'customer-ended-call',
        summary: 'Caller ordered one tiramisu for pickup.',
        transcript: 'AI: Thanks for calling, pickup or delivery?\nUser: Delivery, two margheritas.',
        recordingUrl: 'https://storage.vapi.ai/call-dashboard-provider.wav',
        customerPhone: CALLER,
      });
      // An order from another channel, or a call nobody reported, has no call to show.
      expect(await provider.callForOrder({ id: order.id, voiceCallId: null })).toBeNull();
      expect(await provider.callForOrder({ id: order.id, voiceCallId: 'call-never-heard-of' })).toBeNull();

      // What staff see: the order's detail on the dashboard carries that call.
      const staff = await staffLogin(t.url, '10.31.0.1');
      const detail = await request(t.url).get(`/dashboard/api/orders/${order.id}`).set('Cookie', staff.cookie).expect(200);
      expect(detail.body.call).toMatchObject({ id: callId, summary: 'Caller ordered one tiramisu for pickup.' });
    });

    it('acknowledges hang, unknown types and junk-filled events with 200, never a 500', async () => {
      for (const type of ['hang', 'speech-update', 'transcript', 'conversation-update', 'something-new']) {
        expect({ type, reply: await send({ message: { type, call: { id: 'events-call' } } }) }).toEqual({ type, reply: {} });
      }
      const junk = [
        { type: 'end-of-call-report', call: { id: 'j'.repeat(500) } },
        {
          type: 'end-of-call-report',
          call: { id: 'junk-report', customer: { number: { x: 1 } } },
          cost: 'abc',
          startedAt: 'not a date',
          endedAt: 1e20,
          endedReason: ['x'],
          artifact: { transcript: { a: 1 }, recordingUrl: 'javascript:alert(1)' },
          analysis: 'nope',
        },
        { type: 'end-of-call-report' },
        { type: 'status-update', call: 'x', status: { deep: true } },
        { type: 'assistant-request', call: { id: 7, customer: null } },
      ];
      for (const message of junk) {
        const res = await postVapi(t.url, { message });
        expect(res.status).toBe(200);
      }
      const call = (await request(t.url).get('/api/calls/junk-report').set(admin).expect(200)).body;
      expect(call).toMatchObject({
        status: 'ended',
        cost: null,
        startedAt: null,
        endedAt: null,
        recordingUrl: null,
        transcript: null,
        endedReason: null,
      });
    });
  });
});
