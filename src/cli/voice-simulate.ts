/**
 * `npm run voice:simulate [-- --url http://localhost:3000] [--phone +12065550142] [--secret ...]`
 *
 * The "voice mock": plays one scripted phone call against a running server exactly as Vapi would send it
 * (assistant-request, tool-calls for getMenu, checkDeliveryAddress, quoteOrder, placeOrder, getOrderStatus,
 * then an end-of-call-report) and prints the conversation. No Vapi account needed; it uses the dev
 * VAPI_SECRET from .env.development (override with --secret or the VAPI_SECRET variable).
 */
import { randomUUID } from 'node:crypto';
import { loadCliEnv } from '@/config/cli-env.js';
import type { ToolCallResult } from '@/voice/vapi.types.js';

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

const call = { id: callId, type: 'inboundPhoneCall', status: 'in-progress', customer: { number: phone } };

/** The parts of the webhook's answers this script reads: tool-call results and the assistant-request's assistant. */
interface WebhookReply {
  results?: ToolCallResult[];
  assistant?: {
    firstMessage: string;
    model: { provider: string; model: string; tools: unknown[]; messages: { content: string }[] };
  };
}

async function send(message: Record<string, unknown>): Promise<WebhookReply> {
  const res = await fetch(`${baseUrl}/webhook/vapi`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(secret && { 'X-Vapi-Secret': secret }) },
    body: JSON.stringify({ message: { timestamp: Date.now(), call, customer: { number: phone }, ...message } }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST /webhook/vapi answered ${res.status}: ${text}`);
  return text ? (JSON.parse(text) as WebhookReply) : {};
}

function say(who: 'Assistant' | 'Caller', text: string): void {
  transcript.push(`${who === 'Assistant' ? 'AI' : 'User'}: ${text}`);
  console.log(`${who.padEnd(9)} ${text}`);
}

/** One tool call as Vapi sends it (arguments as a JSON string, as in Vapi's spec); returns its result or error. */
async function tool(name: string, args: Record<string, unknown>): Promise<{ ok: boolean; text: string }> {
  const toolCallId = `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  console.log(`          -> ${name}(${JSON.stringify(args)})`);
  const body = await send({
    type: 'tool-calls',
    toolCallList: [{ id: toolCallId, type: 'function', function: { name, arguments: JSON.stringify(args) } }],
  });
  const { result, error }: Partial<ToolCallResult> = body.results?.[0] ?? {};
  const ok = typeof result === 'string';
  console.log(`          <- ${ok ? 'result' : 'error'}: ${ok ? result : error}`);
  // String(): a reply with neither field reads "undefined", as it did before the reply was typed.
  return { ok, text: ok ? result : String(error) };
}

async function main(): Promise<void> {
  console.log(`Simulated Vapi call ${callId} to ${baseUrl} from ${phone}\n`);
  const assistantReply = await send({ type: 'assistant-request', call: { ...call, status: 'ringing' } });
  if (!assistantReply.assistant) throw new Error(`assistant-request gave no assistant: ${JSON.stringify(assistantReply)}`);
  const assistant = assistantReply.assistant;
  console.log(
    `          [assistant: ${assistant.model.provider}/${assistant.model.model}, ${assistant.model.tools.length} tools, prompt of ${assistant.model.messages[0].content.length} characters]`,
  );
  await send({ type: 'status-update', status: 'in-progress' });
  say('Assistant', assistant.firstMessage);

  say('Caller', "Hi! What's good today?");
  const menu = await tool('getMenu', { category: 'Pizzas' });
  say('Assistant', menu.ok ? `${menu.text} The Margherita is a favourite.` : menu.text);

  say('Caller', 'Great, two margheritas for delivery to 221 Pine Street, Seattle please.');
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
  const items = [{ name: 'margheritas', quantity: 2 }];
  const order = { fulfillment, ...(fulfillment === 'delivery' && { deliveryAddress: address }), items };
  const quote = await tool('quoteOrder', order);
  if (!quote.ok) throw new Error(`quoteOrder failed: ${quote.text}`);
  say('Assistant', `${quote.text.replace(/ Read this back.*$/, '')} Shall I place the order? And may I have your name?`);

  say('Caller', "Yes, that's right. I'm Grace, and I'll pay cash.");
  const placed = await tool('placeOrder', { ...order, customerName: 'Grace', paymentMethod: 'cash' });
  if (!placed.ok) throw new Error(`placeOrder failed: ${placed.text}`);
  const orderNumber = /\(written ([A-Z]{1,2}-\d{4})\)/.exec(placed.text)?.[1] ?? '';
  say(
    'Assistant',
    `Thank you, Grace! Your order number is ${orderNumber.replace('-', '').split('').join(' ')}. ${placed.text.replace(/^.*read it slowly\. /, '')}`,
  );

  say('Caller', `Quick question, where is order ${orderNumber.replace('-', ' ')}?`);
  const status = await tool('getOrderStatus', { orderNumber: orderNumber.replace('-', ' ') });
  say('Assistant', status.text);
  say('Caller', 'Perfect, thanks. Bye!');
  say('Assistant', 'Enjoy your meal. Goodbye!');

  await send({
    type: 'end-of-call-report',
    endedReason: 'customer-ended-call',
    startedAt: startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    cost: 0.0421,
    call: { ...call, status: 'ended', endedReason: 'customer-ended-call' },
    artifact: { transcript: transcript.join('\n'), recordingUrl: `https://storage.vapi.ai/${callId}-mono.wav` },
    analysis: {
      summary: `Grace ordered 2 Margherita Pizza for ${fulfillment}, paying cash; order ${orderNumber}.`,
      successEvaluation: 'true',
    },
  });
  console.log('\n          [end-of-call-report sent]');

  if (adminToken) {
    const res = await fetch(`${baseUrl}/api/calls/${callId}`, { headers: { Authorization: `Bearer ${adminToken}` } });
    if (res.ok) {
      const record = (await res.json()) as { status: string; orderIds: string[]; summary: string };
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
