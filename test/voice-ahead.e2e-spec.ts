import type { Vapi } from '@vapi-ai/server-sdk';
import request from 'supertest';
import { OrderingStateService } from '@/scheduling/ordering-state.service.js';
import { sayTime } from '@/scheduling/spoken-time.js';
import { admin, fetchMenu, orderBody, type MenuRow } from './support/orders.js';
import { api, expectStatus } from './support/api.js';
import { ORDER_AHEAD_TEST_ENV, takeOrdersNormally } from './support/order-ahead.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';
import { sendVapi, toolCallsMessage, vapiFixture, VOICE_TEST_ENV, type ToolArguments, type VapiBody } from './support/vapi.js';

/**
 * Order ahead on the phone, in Vapi's shapes: the caller's words for a time become the order's requestedTime, every
 * order's promise is said back ("ready for pickup around 5:21 pm"), refusals offer the next open times, and a paused
 * restaurant says when it takes orders again and places nothing. The restaurant is in Los Angeles, open 11:00-22:00,
 * with 15-minute slots, 30 minutes' lead and 2 days ahead; one delivery per slot (pickup has room for the whole file).
 * The clock is Friday 2026-12-04, 17:02 PST.
 */
describe('voice: order ahead, promised times and the pause switch', () => {
  const NOW = '2026-12-05T01:02:00Z'; // Friday 17:02 in Los Angeles
  const clock = new TestClock(NOW);
  let t: TestApp;
  let menu: MenuRow[];

  beforeAll(async () => {
    t = await createTestApp({
      clock,
      env: {
        ...VOICE_TEST_ENV,
        ...ORDER_AHEAD_TEST_ENV,
        SLOT_CAPACITY_PICKUP: '50',
      },
    });
    menu = await fetchMenu(t.url);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    clock.set(NOW);
    await takeOrdersNormally(t);
  });

  const resultsOf = (reply: Awaited<ReturnType<typeof sendVapi>>) => {
    if (!reply.results) throw new Error(`no results in ${JSON.stringify(reply)}`);
    return reply.results;
  };
  const send = (body: VapiBody) => sendVapi(t.url, body);
  const one = async (name: string, args: ToolArguments, opts: Parameters<typeof toolCallsMessage>[1] = {}) =>
    resultsOf(await send(toolCallsMessage([{ name, args }], opts)))[0];
  const TIRAMISU = [{ name: 'tiramisu', quantity: 1 }];
  const quote = (time: string | undefined, extra: Record<string, unknown> = {}) =>
    one('quoteOrder', { fulfillment: 'pickup', items: TIRAMISU, ...(time !== undefined && { time }), ...extra });
  const place = (callId: string, time: string | undefined, extra: Record<string, unknown> = {}) =>
    one(
      'placeOrder',
      {
        customerName: 'Grace',
        fulfillment: 'pickup',
        paymentMethod: 'cash',
        items: TIRAMISU,
        ...(time !== undefined && { time }),
        ...extra,
      },
      { callId },
    );
  const ordersOfCall = (callId: string) => t.dataSource.query<{ id: string }[]>(`SELECT id FROM orders WHERE voice_call_id = $1`, [callId]);
  const orderOfCall = async (callId: string) => {
    const rows = await ordersOfCall(callId);
    expect(rows).toHaveLength(1);
    return (await request(t.url).get(`/api/orders/${rows[0].id}`).set(admin).expect(200)).body as {
      orderNumber: string;
      status: string;
      requestedTime: string | null;
      promisedAt: string;
      prepStartAt: string;
      businessDate: string;
    };
  };
  const numberIn = (text: string) => /\(written ([A-Z]{1,2}-\d{4})\)/.exec(text)![1];
  const spelled = (number: string) => number.replace('-', '').split('').join(' ');
  const TOMORROW_TIMES =
    'Tomorrow we have 11 am, 11:15 am or 11:30 am, and later times until 9:45 pm. To book one, pass it to quoteOrder and placeOrder as time ' +
    '(2026-12-05T11:00-08:00, 2026-12-05T11:15-08:00 and 2026-12-05T11:30-08:00; do not read these aloud).';

  it('takes an order for "tomorrow at noon" (Vapi fixture): the times of the day, the quote and the order say it, and it is stored as asked', async () => {
    const fixture = vapiFixture<VapiBody>('tool-calls-order-ahead');
    const callId = fixture.message.call!.id!;
    const first = resultsOf(await send(fixture));
    expect(first.map((r) => [r.name, r.toolCallId, r.error])).toEqual([
      ['getAvailableTimes', 'call_times_ahead_01', undefined],
      ['quoteOrder', 'call_quote_ahead_02', undefined],
      ['placeOrder', 'call_place_ahead_03', undefined],
    ]);
    const [times, quoted, placed] = first;
    expect(times.result).toBe(TOMORROW_TIMES);
    expect(quoted.result).toBe(
      '2 Medium Margherita Pizza $29.00. Subtotal $29.00, tax $2.90. Total $31.90. ' +
        'The caller did not choose these, so the default is used: Medium (size) for the Margherita Pizza; say so when you read back, so the caller can change them. ' +
        'It would be scheduled for tomorrow at noon, ready for pickup then. Read this back to the caller and ask them to confirm before placing the order.',
    );
    const number = numberIn(placed.result!);
    expect(placed.result).toBe(
      `Order placed. The order number is ${spelled(number)} (written ${number}); read it slowly. 2 Medium Margherita Pizza for pickup at Test Trattoria. ` +
        'It is scheduled for tomorrow at noon, ready for pickup then. The total of $31.90 is paid in cash at pickup.',
    );
    // Saturday noon in Los Angeles; the kitchen starts 15 + 2 x 2 minutes before.
    expect(await orderOfCall(callId)).toMatchObject({
      requestedTime: '2026-12-05T12:00:00.000-08:00',
      promisedAt: '2026-12-05T12:00:00.000-08:00',
      prepStartAt: '2026-12-05T11:41:00.000-08:00',
      businessDate: '2026-12-05',
    });

    // Vapi repeating the message: the same answers, one order, even a minute later.
    clock.advance(60_000);
    expect(resultsOf(await send(fixture))).toEqual(first);
    expect(await ordersOfCall(callId)).toHaveLength(1);
  });

  it('says when an order placed as soon as possible will be ready, or at the door', async () => {
    // One tiramisu: 15 minutes plus 1 for a dessert, from 17:02.
    expect((await quote(undefined)).result).toMatch(/ It would be ready for pickup around 5:18 pm\. Read this back to the caller/);
    for (const [callId, time] of [
      ['call-asap-none', undefined],
      ['call-asap-words', 'as soon as possible'],
    ] as const) {
      const placed = await place(callId, time);
      expect(placed.result).toMatch(
        / 1 Tiramisu for pickup at Test Trattoria\. It will be ready for pickup around 5:18 pm\. The total of \$9\.35 /,
      );
      expect(await orderOfCall(callId)).toMatchObject({ requestedTime: null, promisedAt: '2026-12-04T17:18:00.000-08:00' });
    }
    // A delivery adds the drive (the mock geocoder puts any street inside the first zone).
    const delivery = await place('call-asap-door', undefined, {
      fulfillment: 'delivery',
      deliveryAddress: '221 Pine St, Seattle',
      items: [{ name: 'margherita pizza', quantity: 2 }],
    });
    const order = await orderOfCall('call-asap-door');
    const door = sayTime(new Date(order.promisedAt), { now: new Date(NOW), timezone: 'America/Los_Angeles' });
    expect(delivery.result).toContain(`for delivery to 221 Pine St, Seattle. It will be at your door around ${door}. The total`);
    expect(Date.parse(order.promisedAt)).toBeGreaterThan(Date.parse('2026-12-04T17:21:00-08:00'));
  });

  it('moves a time between slots up to the next one and says so; an instant from getAvailableTimes is taken as it is', async () => {
    const inAnHour = await place('call-in-an-hour', 'in an hour');
    expect(inAnHour.result).toMatch(
      /It is scheduled for 6:15 pm, ready for pickup then\. The total of \$9\.35 is paid in cash at pickup\. We schedule orders every 15 minutes, so it is for 6:15 pm rather than 6:02 pm; tell the caller\.$/,
    );
    expect(await orderOfCall('call-in-an-hour')).toMatchObject({
      requestedTime: '2026-12-04T18:15:00.000-08:00',
      promisedAt: '2026-12-04T18:15:00.000-08:00',
    });

    const exact = await place('call-exact', '2026-12-05T11:15-08:00');
    expect(exact.result).toContain('It is scheduled for tomorrow at 11:15 am, ready for pickup then.');
    expect(exact.result).not.toContain('We schedule orders every');
    expect((await orderOfCall('call-exact')).requestedTime).toBe('2026-12-05T11:15:00.000-08:00');
  });

  it('a repeated placeOrder tool call with a time relative to now places one order, even when now has moved on', async () => {
    const callId = 'call-relative-repeat';
    const message = toolCallsMessage(
      [
        {
          name: 'placeOrder',
          id: 'call_place_relative',
          args: { customerName: 'Ada', fulfillment: 'pickup', paymentMethod: 'cash', items: TIRAMISU, time: 'in two hours' },
        },
      ],
      { callId },
    );
    const [first] = resultsOf(await send(message));
    expect(first.result).toContain('It is scheduled for 7:15 pm, ready for pickup then.');
    // Twenty minutes on, "in two hours" is 9:22 pm, another slot: the tool call already placed its order, and that stands.
    clock.advance(20 * 60_000);
    const [again] = resultsOf(await send(message));
    expect(again.error).toBeUndefined();
    expect(again.result).toMatch(new RegExp(`^Order placed\\. The order number is ${spelled(numberIn(first.result!))} `));
    expect(again.result).toContain('It is scheduled for 7:15 pm, ready for pickup then.');
    expect(await ordersOfCall(callId)).toHaveLength(1);
    // Positive control: a new tool call with the same words is a new order, for the new time.
    const fresh = await place(callId, 'in two hours');
    expect(fresh.result).toContain('It is scheduled for 7:30 pm, ready for pickup then.');
    expect(await ordersOfCall(callId)).toHaveLength(2);
  });

  it('asks again when the time is not clear, and places nothing', async () => {
    const ask = "Ask the caller: Sorry, I didn't catch the time. What time would you like it?";
    expect(await quote('when the moon is blue')).toMatchObject({ error: ask });
    expect(await place('call-unclear', 'when the moon is blue')).toMatchObject({ error: ask });
    expect(await place('call-unclear', 'tomorrow')).toMatchObject({ error: 'Ask the caller: What time tomorrow would you like it?' });
    expect(await ordersOfCall('call-unclear')).toHaveLength(0);
  });

  it('reads each refusal of a time as the order service words it, with the next open times, and places nothing', async () => {
    expect((await place('call-refused', 'at 11 pm')).error).toBe(
      'Sorry, we are closed at 11 pm. We have tomorrow at 11 am, 11:15 am or 11:30 am.',
    );
    expect((await place('call-refused', 'in 10 minutes')).error).toBe(
      "Sorry, we need at least 30 minutes' notice for an order ahead. We have 5:45 pm, 6 pm or 6:15 pm. " +
        'Or they can have it as soon as possible (leave out time).',
    );
    expect((await quote('next Friday at 7 pm')).error).toBe('Sorry, we take orders at most 2 days ahead.');
    expect(await ordersOfCall('call-refused')).toHaveLength(0);

    // Closed now: an order as soon as possible is refused, and the caller hears they can still order ahead.
    clock.set('2026-12-05T07:00:00Z'); // 23:00
    expect((await place('call-refused', undefined)).error).toMatch(
      /^Sorry, Test Trattoria is closed right now\. .* They can still order ahead for a time we are open: getAvailableTimes lists them\.$/,
    );
    expect((await place('call-refused', 'tomorrow at noon')).result).toContain(
      'It is scheduled for tomorrow at noon, ready for pickup then.',
    );
  });

  it('offers the next open times when the slot asked for is full, and getAvailableTimes leaves it out', async () => {
    // One delivery per slot: the web takes 7:30 pm.
    await expectStatus(
      api(t.url).POST('/api/orders', {
        body: orderBody(menu, {
          fulfillment: 'delivery',
          deliveryAddress: '1 Main St, Seattle',
          requestedTime: '2026-12-04T19:30:00-08:00',
        }),
      }),
      201,
    );
    const delivery = {
      fulfillment: 'delivery',
      deliveryAddress: '221 Pine St, Seattle',
      items: [{ name: 'margherita pizza', quantity: 2 }],
    };
    const full = 'Sorry, 7:30 pm is fully booked. We have 7:45 pm, 8 pm or 8:15 pm.';
    expect(await one('quoteOrder', { ...delivery, time: 'half past seven' })).toMatchObject({ error: full });
    expect(await place('call-full', 'at half past seven', delivery)).toMatchObject({ error: full });
    expect(await ordersOfCall('call-full')).toHaveLength(0);

    expect((await one('getAvailableTimes', { day: 'tonight around 7', fulfillment: 'delivery' })).result).toMatch(
      /^Tonight we have 7 pm, 7:15 pm or 7:45 pm, and later times until 9:45 pm\./,
    );
    // Pickup has its own room: 7:30 pm is open.
    expect((await one('getAvailableTimes', { day: 'tonight around 7' })).result).toMatch(
      /^Tonight we have 7 pm, 7:15 pm or 7:30 pm, and later times until 9:45 pm\./,
    );
    // The caller takes one of the times offered.
    expect((await place('call-full', '7:45 pm', delivery)).result).toContain('It is scheduled for 7:45 pm, at your door then.');
  });

  it('getAvailableTimes: a few times of the day asked for, with the exact ones to book, never a list of forty', async () => {
    expect((await one('getAvailableTimes', {})).result).toBe(
      'Tonight we have 5:45 pm, 6 pm or 6:15 pm, and later times until 9:45 pm. To book one, pass it to quoteOrder and placeOrder as time ' +
        '(2026-12-04T17:45-08:00, 2026-12-04T18:00-08:00 and 2026-12-04T18:15-08:00; do not read these aloud).',
    );
    expect((await one('getAvailableTimes', { day: 'Saturday' })).result).toBe(TOMORROW_TIMES);
    expect((await one('getAvailableTimes', { day: '2026-12-05', fulfillment: 'pickup' })).result).toBe(TOMORROW_TIMES);
    expect((await one('getAvailableTimes', { day: 'tomorrow evening' })).result).toMatch(
      /^Tomorrow we have 5 pm, 5:15 pm or 5:30 pm, and later times until 9:45 pm\./,
    );
    expect((await one('getAvailableTimes', { day: 'Sunday' })).result).toMatch(/^On Sunday we have 11 am, 11:15 am or 11:30 am, /);
    expect((await one('getAvailableTimes', { day: 'Monday' })).error).toBe('Sorry, we take orders at most 2 days ahead, so not on Monday.');
    expect((await one('getAvailableTimes', { day: 'yesterday' })).error).toBe(
      'Sorry, that day has passed. Ask the caller which day they would like.',
    );
    expect((await one('getAvailableTimes', { day: 'sometime soonish maybe' })).error).toBe(
      "Ask the caller: Sorry, I didn't catch the day. Which day would you like, for example today or tomorrow?",
    );
    // Late in the evening, today has nothing left: the next open times instead.
    clock.set('2026-12-05T05:30:00Z'); // 21:30
    expect((await one('getAvailableTimes', { day: 'today' })).result).toBe(
      'Sorry, there are no open times today for pickup. We have tomorrow at 11 am, 11:15 am or 11:30 am.',
    );
  });

  it('getOrderStatus says when the order should be ready, until it is', async () => {
    const asap = await place('call-status', undefined);
    const number = numberIn(asap.result!);
    const status = async () => (await one('getOrderStatus', { orderNumber: number })).result;
    expect(await status()).toBe(
      `Order ${spelled(number)} has been received and will be confirmed shortly. It should be ready for pickup around 5:18 pm. It has 1 Tiramisu, total $9.35, for pickup.`,
    );
    const order = (await ordersOfCall('call-status'))[0];
    for (const next of ['confirmed', 'preparing']) {
      await request(t.url).patch(`/api/orders/${order.id}/status`).set(admin).send({ status: next }).expect(200);
    }
    clock.set('2026-12-05T01:25:00Z'); // 17:25, past its time
    expect(await status()).toBe(
      `Order ${spelled(number)} is being prepared in the kitchen. It was due around 5:18 pm and should be ready very soon. It has 1 Tiramisu, total $9.35, for pickup.`,
    );
    await request(t.url).patch(`/api/orders/${order.id}/status`).set(admin).send({ status: 'ready' }).expect(200);
    expect(await status()).toBe(`Order ${spelled(number)} is ready for pickup. It has 1 Tiramisu, total $9.35, for pickup.`);

    clock.set(NOW);
    const later = await place('call-status-later', 'tomorrow at noon');
    expect((await one('getOrderStatus', { orderNumber: numberIn(later.result!) })).result).toContain(
      'has been received and will be confirmed shortly. It is scheduled for tomorrow at noon, ready for pickup then.',
    );
  });

  it('while paused, says so and when ordering starts again, places nothing, and the assistant is told before the call starts', async () => {
    await t.app.get(OrderingStateService).set({ paused: true, resumesAt: new Date('2026-12-05T01:30:00Z') }, 'test');
    const paused = 'Sorry, Test Trattoria is not taking new orders right now. We start again at 5:30 pm.';
    expect(await quote(undefined)).toMatchObject({ error: paused });
    expect(await place('call-paused', undefined)).toMatchObject({ error: paused });
    expect(await place('call-paused', 'tomorrow at noon')).toMatchObject({ error: paused });
    expect(await one('getAvailableTimes', { day: 'tomorrow' })).toMatchObject({ error: paused });
    expect(await ordersOfCall('call-paused')).toHaveLength(0);

    const reply = await send(vapiFixture<VapiBody>('assistant-request'));
    const prompt = (reply.assistant as Vapi.CreateAssistantDto).model?.messages?.[0]?.content ?? '';
    expect(prompt).toContain('The restaurant has PAUSED new orders right now. We start taking orders again at 5:30 pm: tell the caller so');

    // The pause lifts by itself at 5:30 pm.
    clock.set('2026-12-05T01:30:00Z');
    expect((await place('call-paused', undefined)).result).toMatch(/^Order placed\. .* It will be ready for pickup around 5:46 pm\./);
    expect(await ordersOfCall('call-paused')).toHaveLength(1);
  });
});
