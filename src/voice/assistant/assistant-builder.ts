import type { Vapi } from '@vapi-ai/server-sdk';
import type { RestaurantConfig } from '@/config/restaurant.config.js';
import type { VoiceConfig } from '@/config/voice.config.js';
import { dateFormat } from '@/common/date-format.js';
import { formatMoney } from '@/common/money.js';
import { sayTime } from '@/scheduling/spoken-time.js';
import { type ChoiceGroup, choicesByDish } from '../tools/speech.js';
import { VapiServer, VapiTool, vapiTools } from './tool-definitions.js';

export interface PromptMenuItem {
  name: string;
  category: string;
  description: string;
  priceCents: number;
  /** The dish's choices (sizes, toppings...), said briefly after it; none for a dish without. */
  optionGroups?: readonly ChoiceGroup[];
}

interface AssistantBase {
  restaurant: RestaurantConfig;
  voice: VoiceConfig;
  /** Where Vapi reaches this webhook, e.g. https://orders.example.com/webhook/vapi. */
  server: VapiServer;
  /** Delivery zones, fees and minimums in words. */
  deliveryRules: string;
  /** The number the caller is calling from, when known. */
  callerPhone?: string | null;
}

/**
 * A call's assistant has the available dishes inlined and the time of the call (from the Clock: the prompt says
 * the date, today's hours and whether we are open); a stored assistant (`menu: null`) is reused for days, so it
 * has neither and asks getMenu instead.
 */
export type AssistantInput = AssistantBase & ({ menu: PromptMenuItem[]; now: Date; ordering?: OrderingNow } | { menu: null });

/** Whether staff have paused new orders when the call comes in, and until when (null: until they lift it). */
export interface OrderingNow {
  paused: boolean;
  resumesAt: Date | null;
}

/** Vapi's `name` is limited to 40 characters. */
const NAME_LIMIT = 40;

/** A transient Vapi assistant: model with system prompt and tools (ours, transferCall, endCall), voice, first message, server. */
export function buildAssistant(input: AssistantInput): Vapi.CreateAssistantDto {
  const { restaurant, voice, server } = input;
  return {
    name: `${restaurant.name} orders`.slice(0, NAME_LIMIT),
    firstMessage: voice.firstMessage.replace(/\{restaurant\}/g, restaurant.name),
    model: vapiModel(voice, {
      temperature: 0.3,
      messages: [{ role: 'system', content: systemPrompt(input) }],
      tools: vapiTools(server, { transfer: voice.restaurantPhone !== null }),
    }),
    voice: vapiVoice(voice),
    server,
    // transfer-destination-request: the transferCall tool has no number of its own and asks (TRANSFER_CALL_TOOL).
    serverMessages: ['end-of-call-report', 'status-update', 'hang', 'transfer-destination-request'],
  };
}

/** What our model settings are, whichever provider runs the model. */
interface ModelSettings {
  temperature: number;
  messages: Vapi.OpenAiMessage[];
  tools: VapiTool[];
}

/**
 * The model for the configured provider: the compiler checks that every provider of VapiModelProvider takes these
 * settings. The model name is a setting (VAPI_MODEL) the compiler cannot check against the names Vapi's types list
 * for each provider (a name fits one provider's list at most, hence `never`); `npm run vapi:assistant` and
 * vapi-names.spec.ts check it against the SDK's lists instead.
 */
function vapiModel(voice: VoiceConfig, settings: ModelSettings): Vapi.CreateAssistantDtoModel {
  return { provider: voice.modelProvider, model: voice.model as never, ...settings };
}

/** The voice, with the same reasoning for the voice id (VAPI_VOICE_ID) as for the model name. */
function vapiVoice(voice: VoiceConfig): Vapi.CreateAssistantDtoVoice {
  return { provider: voice.voiceProvider, voiceId: voice.voiceId as never };
}

export function systemPrompt(input: AssistantInput): string {
  const { restaurant, menu, deliveryRules, callerPhone } = input;
  const hours = restaurant.openingHours;
  const lines = [
    `You are the friendly phone ordering assistant of ${restaurant.name}. Keep answers short, ask one question at a time, and speak naturally; this is a phone call.`,
    '',
    ...(input.menu === null
      ? [
          // A stored assistant is reused for days: no clock in the prompt; the order tools refuse when closed.
          `Opening hours (${restaurant.timezone}): ${hours.text}. If we are closed, the order tools say so; tell the caller our hours.`,
        ]
      : [
          `It is now ${spokenNow(input.now, restaurant.timezone)} (restaurant time). ${hours.describeToday(input.now)} Regular hours: ${hours.text}.`,
          input.ordering?.paused
            ? pausedNow(input.ordering.resumesAt, input.now, restaurant.timezone)
            : hours.isOpen(input.now)
              ? 'The restaurant is open now and takes orders, as soon as possible or for a later time.'
              : 'The restaurant is CLOSED right now: say so politely and tell the caller our hours. Take no order for now; the caller may order ahead for a time we are open (call getAvailableTimes). You may still check an existing order.',
        ]),
    '',
    ...menuSection(menu, restaurant.currency),
    '',
    `Delivery: ${deliveryRules} Always call checkDeliveryAddress as soon as the caller gives a delivery address, and tell them the fee and minimum it returns.`,
    `Payment: cash (paid on pickup or delivery) or card (we text the caller a secure payment link when the order is placed; never read a link aloud). Prices are in ${restaurant.currency}${restaurant.taxRateBps > 0 ? ' and sales tax is added' : ''}.`,
    '',
    'How to take an order:',
    '1. Ask whether it is for pickup or delivery. For delivery, get the full address and call checkDeliveryAddress.',
    '2. Take the dishes and quantities, using names from the menu, and the choices the caller makes for each (size, toppings, dressing...): pass them as that item\'s options, in the caller\'s words. A required choice ("pick 1") the caller does not make gets its default; if it has none, the order tools tell you what to ask. Ask about any special requests.',
    '3. Ask whether they want it as soon as possible or for a later time. For a later time, pass their words as time to quoteOrder and placeOrder (e.g. "tomorrow at noon", "at half past seven"). If they ask which times are open, or the time they want is full, call getAvailableTimes and offer the times it gives.',
    `4. Ask for the caller's name. ${phoneStep(menu === null, callerPhone ?? null)}`,
    '5. Ask cash or card.',
    '6. Call quoteOrder, then read back every item with its quantity and choices (including any default it says it used), the delivery fee, the tax, the total and when it will be ready, and ask the caller to confirm.',
    '7. Only after a clear yes, call placeOrder with exactly the confirmed items and time. Then read the order number slowly, one character at a time, and tell them when the food will be ready, as the result says.',
    '',
    'To check or cancel an earlier order, ask for the order number and call getOrderStatus or cancelOrder; these only work from the phone number that placed the order. getOrderStatus also says when the order should be ready.',
    'Never invent dishes, prices, fees, totals or times: use the menu and the tool results. Always tell the caller when the food will be ready from the tool result, never a time of your own. If a tool returns an error, explain it to the caller in your own words and help them fix it (for example, suggest the dishes or times it lists).',
    'If a tool says we are not taking new orders right now, tell the caller, with when we start again as the tool says, and take no order.',
    transferStep(input.voice.restaurantPhone !== null),
    'When the caller has nothing more to ask (the order is placed and its number read back, or they say goodbye), say a short goodbye and call endCall to hang up.',
  ];
  return lines.join('\n');
}

function transferStep(canTransfer: boolean): string {
  return canTransfer
    ? 'If the caller asks for a person (staff, a manager, "someone real"), or needs something you cannot do with these tools (a complaint, a large or catering order, a problem with an order you cannot fix, a question you cannot answer), tell them you are putting them through to the restaurant and call transferCall. Never transfer a caller who did not ask for it or agree to it.'
    : 'If the caller asks for a person or needs something you cannot do, say that staff cannot take the call on this line and suggest calling the restaurant directly.';
}

function pausedNow(resumesAt: Date | null, now: Date, timezone: string): string {
  const resumes = resumesAt
    ? `We start taking orders again ${sayTime(resumesAt, { now, timezone }).replace(/^(\d|noon|midnight)/, 'at $1')}`
    : 'We do not know yet when we start taking orders again';
  return `The restaurant has PAUSED new orders right now. ${resumes}: tell the caller so and take no order (not for later either). You may still check an existing order.`;
}

/** "Sunday, March 8 at 12:00 PM" in the restaurant's time zone (the wording is ICU's). */
function spokenNow(now: Date, timezone: string): string {
  return dateFormat('en-US', {
    timeZone: timezone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(now);
}

function phoneStep(stored: boolean, callerPhone: string | null): string {
  if (callerPhone) return `Their phone number is ${callerPhone}; we use it unless they give another.`;
  if (stored) return 'We use the number they are calling from unless they give another (customerPhone).';
  return 'We cannot see their number, so ask for it and pass it as customerPhone.';
}

function menuSection(menu: PromptMenuItem[] | null, currency: string): string[] {
  if (menu === null) return ["Menu: call getMenu at the start of the call to learn today's dishes and prices, and only offer those."];
  if (menu.length === 0) return ['Menu: nothing is available right now; apologise and do not take an order.'];
  const byCategory = new Map<string, PromptMenuItem[]>();
  for (const item of menu) byCategory.set(item.category, [...(byCategory.get(item.category) ?? []), item]);
  const out = ['Menu (only these dishes are available today; prices per item, choices change the price by the amount shown):'];
  for (const [category, items] of byCategory) {
    const choices = choicesByDish(items, currency);
    out.push(`${category}:`);
    if (choices.shared) out.push(`Choices for each of the ${category}: ${choices.shared}`);
    items.forEach((i, n) =>
      out.push(
        `- ${i.name}, ${formatMoney(i.priceCents, currency)}${i.description ? `: ${i.description}` : ''}${choices.each[n] ? `. Choices: ${choices.each[n]}` : ''}`,
      ),
    );
  }
  return out;
}

/** The wording used when the delivery service does not describe its own rules. */
export const DEFAULT_DELIVERY_RULES = 'We deliver to addresses in our delivery area; the fee and minimum order depend on the address.';

export const WEBHOOK_PATH = '/webhook/vapi';

/**
 * How Vapi reaches this webhook for tool calls and call events. With VAPI_CREDENTIAL_ID, Vapi's stored
 * credential (bearer or HMAC) authenticates them; otherwise the X-Vapi-Secret header rides along. The CLI
 * export masks the secret unless asked, so it never lands in a terminal log by accident.
 */
export function vapiServer(voice: VoiceConfig, publicBaseUrl: string, opts: { revealSecret: boolean }): VapiServer {
  const server: VapiServer = { url: `${publicBaseUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}`, timeoutSeconds: 20 };
  if (voice.credentialId) server.credentialId = voice.credentialId;
  else if (voice.secret) server.headers = { 'X-Vapi-Secret': opts.revealSecret ? voice.secret : '<VAPI_SECRET>' };
  return server;
}
