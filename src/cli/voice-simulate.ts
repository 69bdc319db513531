/**
 * `npm run voice:simulate [-- --url http://localhost:3000] [--phone +12065550142] [--secret ...]`
 *
 * The "voice mock": plays one scripted phone call against a running server exactly as Vapi would send it
 * (assistant-request, tool-calls for getMenu, checkDeliveryAddress, quoteOrder, placeOrder, getOrderStatus,
 * then an end-of-call-report) and prints the conversation. The caller orders pizzas with a size and a topping,
 * said by name as a caller says them (the tools match them to the dish's options), as soon as possible, and the
 * assistant tells them when the food will be ready, as placeOrder said it. No Vapi account needed; it uses the dev
 * VAPI_SECRET from .env.development (override with --secret or the VAPI_SECRET variable).
 *
 * Every message is typed as Vapi's SDK types it and sent through the API's typed client (src/client), so a
 * message Vapi would send that the API's document does not accept breaks the build.
 */
import type { Vapi } from '@vapi-ai/server-sdk';
import { randomUUID } from 'node:crypto';
import { createApiClient } from '@/client/api-client.js';
import { loadCliEnv } from '@/config/cli-env.js';
import type { VapiMessageOf } from '@/voice/vapi.types.js';

function option(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const env = loadCliEnv('.env.development');
const baseUrl = (option('--url', 'http://localhost:3000') ?? '').replace(/\/+$/, '');
const phone = option('--phone', '+12065550142')!;
const secret = option('--secret', env.VAPI_SECRET);
const adminToken = option('--admin-token', env.ADMIN_API_TOKEN);
const callId = `sim-${randomUUID()}`;
const transcript: string[] = [];
const startedAt = new Date();

const api = createApiClient(baseUrl, { token: adminToken, headers: secret ? { 'X-Vapi-Secret': secret } : {} });

const call: Vapi.Call = {
  id: callId,
  orgId: 'sim-org',
  createdAt: startedAt.toISOString(),
  updatedAt: startedAt.toISOString(),
  type: 'inboundPhoneCall',
  status: 'in-progress',
  customer: { number: phone },
};
const common = { timestamp: Date.now(), call, customer: { number: phone } };

async function send(message: Vapi.ServerMessageMessage) {
  const { data, error, response } = await api.POST('/webhook/vapi', { body: { message: { ...message, timestamp: Date.now() } } });
  // The document also lists audio (the answer to a voice-request); every message sent here is answered in JSON.
  if (!response.ok || typeof data !== 'object')
    throw new Error(`POST /webhook/vapi answered ${response.status}: ${JSON.stringify(error ?? data)}`);
  return data;
}

function say(who: 'Assistant' | 'Caller', text: string): void {
  transcript.push(`${who === 'Assistant' ? 'AI' : 'User'}: ${text}`);
  console.log(`${who.padEnd(9)} ${text}`);
}

/** One tool call as Vapi's SDK types it (arguments as a JSON string); returns its result or error. */
async function tool(name: string, args: Record<string, unknown>): Promise<{ ok: boolean; text: string }> {
  const toolCall: Vapi.ToolCall = {
    id: `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    type: 'function',
    function: { name, arguments: JSON.stringify(args) },
  };
  console.log(`          -> ${name}(${JSON.stringify(args)})`);
  const message: VapiMessageOf<'tool-calls'> = {
    ...common,
    type: 'tool-calls',
    toolCallList: [toolCall],
    toolWithToolCallList: [{ type: 'function', function: { name }, toolCall }],
  };
  const { result, error } = (await send(message)).results?.[0] ?? {};
  const ok = typeof result === 'string';
  console.log(`          <- ${ok ? 'result' : 'error'}: ${ok ? result : error}`);
  // String(): a reply with neither field reads "undefined", as it did before the reply was typed.
  return { ok, text: ok ? result : String(error) };
}

async function main(): Promise<void> {
  console.log(`Simulated Vapi call ${callId} to ${baseUrl} from ${phone}\n`);
  const request: VapiMessageOf<'assistant-request'> = { ...common, type: 'assistant-request', call: { ...call, status: 'ringing' } };
  // The document leaves the assistant open: it is Vapi's CreateAssistantDto (src/voice/assistant/assistant-builder.ts).
  const assistant = (await send(request)).assistant as Vapi.CreateAssistantDto | undefined;
  if (!assistant?.model) throw new Error('assistant-request gave no assistant with a model');
  const prompt = assistant.model.messages?.[0]?.content ?? '';
  const tools = assistant.model.tools ?? [];
  console.log(
    `          [assistant: ${assistant.model.provider}/${assistant.model.model ?? ''}, ${tools.length} tools (${tools.map((t) => (t.type === 'function' ? t.function?.name : t.type)).join(', ')}), prompt of ${prompt.length} characters]`,
  );
  const inProgress: VapiMessageOf<'status-update'> = { ...common, type: 'status-update', status: 'in-progress' };
  await send(inProgress);
  say('Assistant', assistant.firstMessage ?? '');

  say('Caller', "Hi! What's good today?");
  const menu = await tool('getMenu', { category: 'Pizzas' });
  say('Assistant', menu.ok ? `${menu.text} The Margherita is a favourite.` : menu.text);

  say('Caller', 'Great, two large margheritas with extra cheese, for delivery to 221 Pine Street, Seattle, as soon as possible please.');
  let fulfillment: 'delivery' | 'pickup' = 'delivery';
  const address = '221 Pine Street, Seattle, WA 98101';
  const check = await tool('checkDeliveryAddress', { address });
  if (check.ok) {
    say('Assistant', `${check.text} Let me price that for you.`);
  } else {
    fulfillment = 'pickup';
    say('Assistant', `${check.text} Would pickup work instead?`);
    say('Caller', "Sure, I'll pick it up.");
  }
  const items = [{ name: 'margheritas', quantity: 2, options: ['large', 'extra cheese'] }];
  const order = { fulfillment, ...(fulfillment === 'delivery' && { deliveryAddress: address }), items, time: 'as soon as possible' };
  const quote = await tool('quoteOrder', order);
  if (!quote.ok) throw new Error(`quoteOrder failed: ${quote.text}`);
  say('Assistant', `${quote.text.replace(/ Read this back.*$/, '')} Shall I place the order? And may I have your name?`);

  say('Caller', "Yes, that's right. I'm Grace, and I'll pay cash.");
  const placed = await tool('placeOrder', { ...order, customerName: 'Grace', paymentMethod: 'cash' });
  if (!placed.ok) throw new Error(`placeOrder failed: ${placed.text}`);
  const orderNumber = /\(written ([A-Z]{1,2}-\d{4})\)/.exec(placed.text)?.[1] ?? '';
  // The time comes from the order's promise, never from the assistant: placeOrder says it.
  const ready = /It (will be|is scheduled)[^.]*\./.exec(placed.text)?.[0];
  if (!ready) throw new Error(`placeOrder did not say when the order will be ready: ${placed.text}`);
  const payment = placed.text.slice(Math.max(0, placed.text.indexOf('The total')));
  say('Assistant', `Thank you, Grace! Your order number is ${orderNumber.replace('-', '').split('').join(' ')}. ${ready} ${payment}`);

  say('Caller', `Quick question, where is order ${orderNumber.replace('-', ' ')}?`);
  const status = await tool('getOrderStatus', { orderNumber: orderNumber.replace('-', ' ') });
  say('Assistant', status.text);
  say('Caller', 'Perfect, thanks. Bye!');
  say('Assistant', 'Enjoy your meal. Goodbye!');
  console.log('          -> endCall (Vapi hangs up; no request reaches this server)');

  const endedAt = new Date().toISOString();
  const report: VapiMessageOf<'end-of-call-report'> = {
    ...common,
    type: 'end-of-call-report',
    endedReason: 'assistant-ended-call',
    startedAt: startedAt.toISOString(),
    endedAt,
    cost: 0.0421,
    call: { ...call, status: 'ended', endedReason: 'assistant-ended-call', endedAt },
    artifact: { transcript: transcript.join('\n'), recordingUrl: `https://storage.vapi.ai/${callId}-mono.wav` },
    analysis: {
      summary: `Grace ordered 2 large Margherita Pizza with extra cheese for ${fulfillment}, paying cash; order ${orderNumber}.`,
      successEvaluation: 'true',
    },
  };
  await send(report);
  console.log('\n          [end-of-call-report sent]');

  if (adminToken) {
    const { data: record } = await api.GET('/api/calls/{callId}', { params: { path: { callId } } });
    if (record) {
      console.log(
        `          [call record: status ${record.status}, ${record.orderIds.length} order(s) ${record.orderIds.join(', ')}; summary "${record.summary}"]`,
      );
    }
  }
}

main().catch((err) => {
  console.error(`\nvoice:simulate failed: ${err instanceof Error ? err.message : String(err)}`);
  console.error(`Is the server running at ${baseUrl} (npm start) with the same VAPI_SECRET?`);
  process.exit(1);
});
