import request from 'supertest';
import { staffLogin, type StaffSession } from './support/dashboard.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from './support/test-app.js';
import { postVapi, toolCallsMessage, vapiFixture, VOICE_TEST_ENV } from './support/vapi.js';

/** Not the voice tests' usual number: the answer must come from this app's setting. */
const RESTAURANT_PHONE = '+12065550199';
const CALLER = '+12065550142';
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

interface MissedCallBody {
  callId: string;
  customerPhone: string | null;
  at: string;
  ended: boolean;
  assistantStalled: boolean;
  endedReason: string | null;
  summary: string | null;
  askedForPerson: boolean;
}

/** The fields of a Vapi message every call event shares: the call (with the caller's number) and a timestamp. */
function callOf(callId: string, status: string, phone: string | null = CALLER) {
  return {
    timestamp: Date.now(),
    call: { id: callId, type: 'inboundPhoneCall', status, ...(phone && { customer: { number: phone } }) },
    ...(phone && { customer: { number: phone } }),
  };
}

/** The README's end-of-call report (test/fixtures/vapi), for another call that ended now. */
function endOfCallReport(callId: string, opts: { endedReason?: string; phone?: string | null; summary?: string } = {}) {
  // The fixture's caller and call make way for this call's (a withheld number has no customer at all).
  const { customer: _customer, call: _call, ...report } = vapiFixture<{ message: Record<string, unknown> }>('end-of-call-report').message;
  const endedAt = new Date();
  const endedReason = opts.endedReason ?? 'customer-ended-call';
  return {
    message: {
      ...report,
      ...callOf(callId, 'ended', opts.phone === undefined ? CALLER : opts.phone),
      endedReason,
      startedAt: new Date(endedAt.getTime() - 95_000).toISOString(),
      endedAt: endedAt.toISOString(),
      analysis: { summary: opts.summary ?? 'The caller asked about pizzas and hung up before ordering.' },
    },
  };
}

const PIZZA_ORDER = {
  customerName: 'Ada Lovelace',
  fulfillment: 'pickup',
  paymentMethod: 'cash',
  items: [{ name: 'margherita pizza', quantity: 1 }],
};

describe('a human on the line: transfers to the restaurant and missed calls (Vapi shapes)', () => {
  let t: TestApp;
  let staff: StaffSession;

  beforeAll(async () => {
    t = await createTestApp({ env: { ...VOICE_TEST_ENV, RESTAURANT_PHONE } });
    staff = await staffLogin(t.url);
  });
  afterAll(() => t.close());

  const missedCalls = async (): Promise<MissedCallBody[]> => {
    const res = await request(t.url).get('/dashboard/api/missed-calls').set('Cookie', staff.cookie).expect(200);
    expect(res.body.windowHours).toBe(48);
    return res.body.calls;
  };
  const missed = async (callId: string) => (await missedCalls()).find((c) => c.callId === callId);
  const callRecord = async (callId: string) => (await request(t.url).get(`/api/calls/${callId}`).set(admin).expect(200)).body;
  const placeOrderIn = async (callId: string) => {
    const res = await postVapi(t.url, toolCallsMessage([{ name: 'placeOrder', args: PIZZA_ORDER }], { callId })).expect(200);
    expect(res.body.results[0].result).toMatch(/^Order placed\./);
  };

  it("gives the assistant Vapi's transferCall tool, which asks this server where to transfer", async () => {
    const res = await postVapi(t.url, { message: { type: 'assistant-request', ...callOf('call-transfer-assistant', 'ringing') } }).expect(
      200,
    );
    const { assistant } = res.body;
    expect(assistant.model.tools.at(-2)).toEqual({ type: 'transferCall', destinations: [] });
    expect(assistant.serverMessages).toEqual(expect.arrayContaining(['transfer-destination-request', 'hang', 'end-of-call-report']));
    expect(assistant.model.messages[0].content).toContain('If the caller asks for a person');
  });

  it('answers transfer-destination-request with RESTAURANT_PHONE and a sentence, and keeps the transfer on the call record', async () => {
    const callId = 'call-transfer-1';
    const res = await postVapi(t.url, { message: { type: 'transfer-destination-request', ...callOf(callId, 'in-progress') } }).expect(200);
    expect(res.body).toEqual({
      destination: {
        type: 'number',
        number: RESTAURANT_PHONE,
        message: 'One moment, I am putting you through to the restaurant.',
        description: expect.stringContaining('asks for a person'),
      },
    });
    let call = await callRecord(callId);
    expect(call.transfer).toEqual({ requestedAt: expect.any(String), forwardedAt: null, to: RESTAURANT_PHONE });
    expect(call.customerPhone).toBe(CALLER);

    // Vapi then says the call is being forwarded (status-update "forwarding", with the destination)...
    await postVapi(t.url, {
      message: {
        type: 'status-update',
        ...callOf(callId, 'forwarding'),
        status: 'forwarding',
        destination: { type: 'number', number: RESTAURANT_PHONE },
      },
    }).expect(200);
    call = await callRecord(callId);
    expect(call.status).toBe('forwarding');
    expect(call.transfer).toEqual({ requestedAt: expect.any(String), forwardedAt: expect.any(String), to: RESTAURANT_PHONE });

    // ...and its report says so: a caller put through to a person is no missed call, order or not.
    await postVapi(t.url, endOfCallReport(callId, { endedReason: 'assistant-forwarded-call' })).expect(200);
    expect((await callRecord(callId)).endedReason).toBe('assistant-forwarded-call');
    expect(await missed(callId)).toBeUndefined();
  });

  it('records a forward that only the end-of-call report tells of', async () => {
    const callId = 'call-transfer-report-only';
    await postVapi(t.url, endOfCallReport(callId, { endedReason: 'assistant-forwarded-call' })).expect(200);
    expect((await callRecord(callId)).transfer).toEqual({ requestedAt: null, forwardedAt: expect.any(String), to: null });
    expect(await missed(callId)).toBeUndefined();
  });

  it('lists a call that ended without an order as missed, with the number, the time and the summary', async () => {
    const report = endOfCallReport('call-missed-1');
    await postVapi(t.url, report).expect(200);
    expect(await missed('call-missed-1')).toEqual({
      callId: 'call-missed-1',
      customerPhone: CALLER,
      at: report.message.endedAt,
      ended: true,
      assistantStalled: false,
      endedReason: 'customer-ended-call',
      summary: 'The caller asked about pizzas and hung up before ordering.',
      askedForPerson: false,
    });
    // A second delivery of the same report leaves one entry.
    await postVapi(t.url, report).expect(200);
    expect((await missedCalls()).filter((c) => c.callId === 'call-missed-1')).toHaveLength(1);
  });

  it('lists a caller who withheld the number too, without one', async () => {
    await postVapi(t.url, endOfCallReport('call-missed-withheld', { phone: null })).expect(200);
    expect(await missed('call-missed-withheld')).toMatchObject({ customerPhone: null, ended: true });
  });

  it('does not list a call that placed an order', async () => {
    const callId = 'call-with-order';
    await placeOrderIn(callId);
    await postVapi(t.url, endOfCallReport(callId, { summary: 'The caller ordered a margherita.' })).expect(200);
    expect(await missed(callId)).toBeUndefined();
    expect((await callRecord(callId)).orderIds).toHaveLength(1);
  });

  it('does not list a call that only asked about an earlier order, or cancelled one; a lookup that found nothing still counts as missed', async () => {
    await placeOrderIn('call-first');
    const [{ order_number: number }] = await t.dataSource.query(`SELECT order_number FROM orders WHERE voice_call_id = 'call-first'`);
    for (const [callId, tool] of [
      ['call-asks-status', 'getOrderStatus'],
      ['call-cancels', 'cancelOrder'],
    ] as const) {
      const res = await postVapi(t.url, toolCallsMessage([{ name: tool, args: { orderNumber: number } }], { callId })).expect(200);
      expect(res.body.results[0].result).toContain('Order');
      await postVapi(t.url, endOfCallReport(callId, { summary: 'The caller asked about their order.' })).expect(200);
      expect(await missed(callId)).toBeUndefined();
    }
    const unknown = await postVapi(
      t.url,
      toolCallsMessage([{ name: 'getOrderStatus', args: { orderNumber: 'Z-9999' } }], { callId: 'call-no-such-order' }),
    );
    expect(unknown.status).toBe(200);
    await postVapi(t.url, endOfCallReport('call-no-such-order')).expect(200);
    expect(await missed('call-no-such-order')).toBeDefined();
  });

  it('does not list a call whose order was placed but never noted on the call (a crash between the two)', async () => {
    const callId = 'call-order-not-noted';
    await placeOrderIn(callId);
    await t.dataSource.query(`UPDATE voice_calls SET order_placed_at = NULL WHERE call_id = $1`, [callId]);
    await postVapi(t.url, endOfCallReport(callId)).expect(200);
    expect(await missed(callId)).toBeUndefined();
    const [row] = await t.dataSource.query(`SELECT order_placed_at FROM voice_calls WHERE call_id = $1`, [callId]);
    expect(row.order_placed_at).not.toBeNull();
  });

  it('lists a call where the assistant stalled (hang) at once, and takes it off when an order follows', async () => {
    const callId = 'call-hang';
    expect(await postVapi(t.url, { message: { type: 'hang', ...callOf(callId, 'in-progress') } }).expect(200)).toHaveProperty('body', {});
    expect(await missed(callId)).toMatchObject({ customerPhone: CALLER, ended: false, assistantStalled: true, endedReason: null });

    await placeOrderIn(callId);
    expect(await missed(callId)).toBeUndefined();
  });

  it('keeps a call that stalled and then ended without an order, saying both', async () => {
    const callId = 'call-hang-then-gone';
    await postVapi(t.url, { message: { type: 'hang', ...callOf(callId, 'in-progress') } }).expect(200);
    await postVapi(t.url, endOfCallReport(callId)).expect(200);
    expect(await missed(callId)).toMatchObject({ ended: true, assistantStalled: true, endedReason: 'customer-ended-call' });
  });

  it('says a caller asked for a person when the transfer did not go through', async () => {
    const callId = 'call-transfer-failed';
    await postVapi(t.url, { message: { type: 'transfer-destination-request', ...callOf(callId, 'in-progress') } }).expect(200);
    await postVapi(t.url, endOfCallReport(callId, { endedReason: 'customer-ended-call' })).expect(200);
    expect(await missed(callId)).toMatchObject({ askedForPerson: true, ended: true });
  });

  it('lets staff mark a missed call handled: a session and its CSRF token are required, and who did it is kept', async () => {
    const callId = 'call-missed-handled';
    await postVapi(t.url, endOfCallReport(callId)).expect(200);
    const path = `/dashboard/api/missed-calls/${callId}/handled`;

    await request(t.url).post(path).expect(401);
    await request(t.url).get('/dashboard/api/missed-calls').expect(401);
    await request(t.url).post(path).set('Cookie', staff.cookie).expect(403);
    await request(t.url).post(path).set('Cookie', staff.cookie).set('X-CSRF-Token', 'not-the-token').expect(403);
    expect(await missed(callId)).toBeDefined();

    const done = await request(t.url)
      .post(path)
      .set('Cookie', staff.cookie)
      .set('X-CSRF-Token', staff.csrf)
      .set('Origin', t.url)
      .expect(200);
    expect(done.body).toEqual({ callId, handledAt: expect.any(String), handledBy: 'dashboard:owner' });
    expect(await missed(callId)).toBeUndefined();
    const [row] = await t.dataSource.query(`SELECT missed_handled_by FROM voice_calls WHERE call_id = $1`, [callId]);
    expect(row.missed_handled_by).toBe('dashboard:owner');

    // Twice (two tablets at once): the first one stands; a late report of the same call does not bring it back.
    const again = await request(t.url).post(path).set('Cookie', staff.cookie).set('X-CSRF-Token', staff.csrf).expect(200);
    expect(again.body.handledAt).toBe(done.body.handledAt);
    await postVapi(t.url, endOfCallReport(callId)).expect(200);
    expect(await missed(callId)).toBeUndefined();

    const unknown = await request(t.url)
      .post('/dashboard/api/missed-calls/no-such-call/handled')
      .set('Cookie', staff.cookie)
      .set('X-CSRF-Token', staff.csrf)
      .expect(404);
    expect(unknown.body).toMatchObject({ statusCode: 404 });
  });

  it('leaves out missed calls older than two days', async () => {
    const old = endOfCallReport('call-missed-old');
    const endedAt = new Date(Date.now() - 49 * 3_600_000).toISOString();
    await postVapi(t.url, { message: { ...old.message, endedAt, startedAt: endedAt } }).expect(200);
    expect(await missed('call-missed-old')).toBeUndefined();
  });
});
