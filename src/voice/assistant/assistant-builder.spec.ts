import type { Vapi } from '@vapi-ai/server-sdk';
import { parse } from 'dotenv';
import { readFileSync } from 'node:fs';
import { restaurantConfig } from '@/config/restaurant.config.js';
import { voiceConfig } from '@/config/voice.config.js';
import { DEMO_MENU, DEMO_OPTION_GROUPS } from '@/menu/demo-menu.js';
import { OpeningHours } from '@/orders/opening-hours.js';
import { buildAssistant, DEFAULT_DELIVERY_RULES, type PromptMenuItem, vapiServer } from './assistant-builder.js';

/** The demo restaurant as a new installation runs it: the development stage's settings and the demo menu. */
const env = parse(readFileSync('.env.development', 'utf8'));
const restaurant = restaurantConfig.section.build(env, 'development');
const voice = voiceConfig.section.build(env, 'development');
const server = vapiServer(voice, 'https://orders.example.com', { revealSecret: false });
/** The demo dishes with the choices a new installation gives them (MenuService seeds both). */
const menu: PromptMenuItem[] = DEMO_MENU.map((dish) => ({
  ...dish,
  optionGroups: (DEMO_OPTION_GROUPS[dish.name] ?? []).map((group) => ({
    name: group.name,
    minChoices: group.minChoices,
    maxChoices: group.maxChoices,
    options: group.options.map(([name, priceDeltaCents, isDefault]) => ({
      name,
      priceDeltaCents,
      available: true,
      isDefault: isDefault ?? false,
    })),
  })),
}));

describe('the assistant of the demo restaurant', () => {
  // Typed as Vapi's SDK types it (ts-jest compiles this file): the assistant is a CreateAssistantDto, and the
  // answer to assistant-request the SDK's ServerMessageResponseAssistantRequest.
  const assistant: Vapi.CreateAssistantDto = buildAssistant({
    restaurant,
    voice,
    server,
    menu,
    deliveryRules: DEFAULT_DELIVERY_RULES,
    callerPhone: '+12065550142',
    now: new Date('2026-03-06T19:30:00Z'),
  });
  const reply: Vapi.ServerMessageResponseAssistantRequest = { assistant };

  it('is what Vapi receives at the start of a call (snapshot)', () => {
    // A change here changes every call: review the diff, then `npx jest <this file> --selectProjects unit -u`.
    expect(reply).toMatchSnapshot();
  });

  it("ends the call through Vapi's endCall tool, not the deprecated endCallFunctionEnabled", () => {
    expect(assistant.model?.tools?.at(-1)).toEqual({ type: 'endCall' });
    expect(assistant).not.toHaveProperty('endCallFunctionEnabled');
    expect(assistant.model?.messages?.[0].content).toContain('call endCall to hang up');
  });

  it("puts a caller who asks for a person through to the restaurant with Vapi's transferCall, which asks this server where", () => {
    expect(voice.restaurantPhone).toBe('+12065550100');
    expect(assistant.model?.tools?.at(-2)).toEqual({ type: 'transferCall', destinations: [] });
    expect(assistant.serverMessages).toContain('transfer-destination-request');
    expect(assistant.model?.messages?.[0].content).toContain('If the caller asks for a person');
    expect(assistant.model?.messages?.[0].content).toContain('call transferCall');
  });

  it('has no transfer tool where there is no restaurant phone, and says so to a caller who asks for a person', () => {
    const alone = buildAssistant({ restaurant, voice: { ...voice, restaurantPhone: null }, server, menu: null, deliveryRules: '' });
    expect(alone.model?.tools?.map((t) => t.type)).not.toContain('transferCall');
    expect(alone.model?.messages?.[0].content).toContain('suggest calling the restaurant directly');
    expect(alone.model?.messages?.[0].content).not.toContain('transferCall');
  });

  it('offers a later time and tells when the food will be ready, from the tool results', () => {
    const prompt = assistant.model?.messages?.[0].content ?? '';
    expect(prompt).toContain('takes orders, as soon as possible or for a later time');
    expect(prompt).toContain('call getAvailableTimes and offer the times it gives');
    expect(prompt).toContain('Always tell the caller when the food will be ready from the tool result, never a time of your own.');
  });

  it('while staff have paused orders, says so and when ordering starts again; when closed, offers to order ahead', () => {
    const promptAt = (now: Date, ordering?: { paused: boolean; resumesAt: Date | null }) =>
      buildAssistant({ restaurant, voice, server, menu, deliveryRules: DEFAULT_DELIVERY_RULES, now, ordering }).model?.messages?.[0]
        .content ?? '';
    // Friday 11:30 am in Los Angeles; ordering starts again at 12:15 pm, then tomorrow at noon.
    const now = new Date('2026-03-06T19:30:00Z');
    expect(promptAt(now, { paused: true, resumesAt: new Date('2026-03-06T20:15:00Z') })).toContain(
      'The restaurant has PAUSED new orders right now. We start taking orders again at 12:15 pm: tell the caller so and take no order (not for later either).',
    );
    expect(promptAt(now, { paused: true, resumesAt: new Date('2026-03-07T20:00:00Z') })).toContain(
      'We start taking orders again tomorrow at noon: tell the caller so',
    );
    expect(promptAt(now, { paused: true, resumesAt: null })).toContain('We do not know yet when we start taking orders again');
    expect(promptAt(now, { paused: false, resumesAt: null })).toContain('The restaurant is open now');

    const lateHours = { ...restaurant, openingHours: OpeningHours.parse('Mon-Sun 17:00-22:00', restaurant.timezone) };
    const closed = buildAssistant({ restaurant: lateHours, voice, server, menu, deliveryRules: DEFAULT_DELIVERY_RULES, now });
    expect(closed.model?.messages?.[0].content).toContain(
      'The restaurant is CLOSED right now: say so politely and tell the caller our hours. Take no order for now; the caller may order ahead for a time we are open (call getAvailableTimes).',
    );
  });

  it('a stored assistant (no live menu) is a CreateAssistantDto too, and asks getMenu instead', () => {
    const stored: Vapi.CreateAssistantDto = buildAssistant({
      restaurant,
      voice,
      server,
      menu: null,
      deliveryRules: DEFAULT_DELIVERY_RULES,
    });
    expect(stored.model?.messages?.[0].content).toContain('call getMenu at the start of the call');
    expect(stored.model?.tools).toEqual(assistant.model?.tools);
  });
});
