import request from 'supertest';
import twilio from 'twilio';
import { MockNotifier } from '@/notifications/adapters/mock-notifier.js';
import { Notifier } from '@/notifications/notifier.js';
import { TextSender } from '@/notifications/text-sender.service.js';
import { OrdersService } from '@/orders/orders.service.js';
import { sayTime } from '@/scheduling/spoken-time.js';
import { api, type ApiClient, type ApiSchema, expectError, expectStatus } from './support/api.js';
import { waitFor } from './support/export-helpers.js';
import type { FakeHttpServer } from './support/fake-http.js';
import {
  createFakeTwilio,
  TEST_TWILIO_FROM,
  TEST_TWILIO_SID,
  TEST_TWILIO_TOKEN,
  twilioDriverEnv,
  twilioError,
} from './support/fake-twilio.js';
import { fetchMenu, MenuRow, OrderBody, orderBody } from './support/orders.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { ORDINARY_NOON, ordinaryDayClock } from './support/test-clock.js';

type Order = ApiSchema<'OrderDto'>;
type OrderStatus = Order['status'];

const PUBLIC_BASE_URL = 'https://orders.test-trattoria.example';
const WEBHOOK_URL = `${PUBLIC_BASE_URL}/webhook/twilio`;

/** Settings of every app here: the mock notifier, texts swept every 50 ms, retried after 20 ms, a Twilio token for the webhook. */
const TEXT_ENV = {
  // createTestApp leaves its settings in process.env: an app after the Twilio one would inherit its driver.
  NOTIFIER_DRIVER: 'mock',
  PUBLIC_BASE_URL,
  TWILIO_AUTH_TOKEN: TEST_TWILIO_TOKEN,
  TEXT_SWEEP_MS: '50',
  TEXT_RETRY_DELAY_MS: '20',
  TEXT_MAX_ATTEMPTS: '3',
};

interface TextRow {
  kind: string;
  status: string;
  body: string;
  attempts: number;
  providerId: string | null;
  lastError: string | null;
  toPhone: string;
}

function textsOf(t: TestApp, orderId: string): Promise<TextRow[]> {
  return t.dataSource.query(
    `SELECT kind, status, body, attempts, provider_id AS "providerId", last_error AS "lastError", to_phone AS "toPhone"
       FROM outbound_messages WHERE order_id = $1 ORDER BY created_at, kind`,
    [orderId],
  );
}

/** The text of `kind` once it has ended (sent, failed, skipped). */
function settledText(t: TestApp, orderId: string, kind: string): Promise<TextRow> {
  return waitFor(`the ${kind} text of ${orderId} to settle`, async () => {
    const row = (await textsOf(t, orderId)).find((r) => r.kind === kind);
    return row && ['sent', 'failed', 'skipped'].includes(row.status) ? row : null;
  });
}

async function historyOf(client: ApiClient, id: string) {
  const order = await expectStatus(client.GET('/api/orders/{id}', { params: { path: { id } } }), 200);
  return (order.history ?? []).filter((h) => h.kind === 'message');
}

/** An inbound text as Twilio posts it, signed with the account's Auth Token over the public webhook URL. */
function inboundSms(from: string, body: string) {
  const params = { MessageSid: `SM${'5'.repeat(32)}`, AccountSid: TEST_TWILIO_SID, From: from, To: TEST_TWILIO_FROM, Body: body };
  return { params, signature: twilio.getExpectedTwilioSignature(TEST_TWILIO_TOKEN, WEBHOOK_URL, params) };
}

async function deliverSms(client: ApiClient, from: string, body: string): Promise<string> {
  const { params, signature } = inboundSms(from, body);
  const { data, response } = await client.POST('/webhook/twilio', {
    params: { header: { 'x-twilio-signature': signature } },
    body: params,
    bodySerializer: () => new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    parseAs: 'text',
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
  return data as string;
}

async function moveTo(staff: ApiClient, id: string, steps: OrderStatus[]): Promise<void> {
  for (const status of steps) {
    await expectStatus(staff.PATCH('/api/orders/{id}/status', { params: { path: { id } }, body: { status } }), 200);
  }
}

describe('text messages (mock notifier)', () => {
  let t: TestApp;
  let menu: MenuRow[];
  let shop: ApiClient;
  let staff: ApiClient;
  let notifier: MockNotifier;
  let phones = 0;
  /** Each order its own customer, so texts and opt-outs of one test never meet another's. */
  const place = (overrides: Partial<OrderBody> = {}) =>
    expectStatus(
      shop.POST('/api/orders', { body: orderBody(menu, { customerPhone: `+1206555${String(2000 + ++phones)}`, ...overrides }) }),
      201,
    );

  beforeAll(async () => {
    t = await createTestApp({ env: { ...TEXT_ENV }, clock: ordinaryDayClock() });
    shop = api(t.url);
    staff = api(t.url, { admin: true });
    menu = await fetchMenu(t.url);
    notifier = t.app.get<Notifier, MockNotifier>(Notifier);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('placing an order texts the confirmation: number, total and the promised time in restaurant time', async () => {
    const order = await place();
    const text = await settledText(t, order.id, 'confirmed');
    const ready = sayTime(new Date(order.promisedAt!), { now: new Date(ORDINARY_NOON), timezone: 'America/Los_Angeles' });
    const total = `$${(order.totalCents / 100).toFixed(2)}`;
    expect(text).toMatchObject({
      status: 'sent',
      attempts: 1,
      toPhone: order.customerPhone,
      body: `Test Trattoria: order ${order.orderNumber} confirmed, ${total}. Ready around ${ready}. Reply STOP to opt out.`,
    });
    expect(text.providerId).toMatch(/^mock_/);
    expect(notifier.sent.filter((s) => s.to === order.customerPhone)).toEqual([
      { to: order.customerPhone, body: text.body, providerId: text.providerId },
    ]);
    // The dashboard's history list shows it, like any other change of the order.
    expect(await historyOf(staff, order.id)).toEqual([
      expect.objectContaining({ kind: 'message', from: 'text', to: 'sent', actor: 'texts', note: `Order confirmed: ${text.body}` }),
    ]);
  });

  it('texts a pickup customer when the order is ready, and nothing for the steps in between', async () => {
    const order = await place();
    await settledText(t, order.id, 'confirmed');
    await moveTo(staff, order.id, ['confirmed', 'preparing', 'ready', 'completed']);
    const text = await settledText(t, order.id, 'ready');
    expect(text).toMatchObject({ status: 'sent', body: `Test Trattoria: order ${order.orderNumber} is ready for pickup.` });
    expect((await textsOf(t, order.id)).map((r) => r.kind)).toEqual(['confirmed', 'ready']);
    expect((await historyOf(staff, order.id)).map((h) => h.to)).toEqual(['sent', 'sent']);
  });

  it('texts a delivery customer when the order is out for delivery (and not when it is ready for the driver)', async () => {
    const order = await place({ fulfillment: 'delivery', deliveryAddress: '1500 4th Ave @47.6110,-122.3360' });
    await moveTo(staff, order.id, ['confirmed', 'preparing', 'ready', 'out_for_delivery']);
    const text = await settledText(t, order.id, 'out_for_delivery');
    expect(text).toMatchObject({ status: 'sent', body: `Test Trattoria: order ${order.orderNumber} is on its way.` });
    expect((await textsOf(t, order.id)).map((r) => r.kind).sort()).toEqual(['confirmed', 'out_for_delivery']);
    expect((await textsOf(t, order.id)).find((r) => r.kind === 'confirmed')!.body).toContain('Delivery around');
  });

  it('texts a cancellation, once, in the same transaction as the cancel', async () => {
    const order = await place();
    await moveTo(staff, order.id, ['cancelled']);
    const text = await settledText(t, order.id, 'cancelled');
    expect(text).toMatchObject({ status: 'sent', body: `Test Trattoria: order ${order.orderNumber} was cancelled.` });
    expect(notifier.sent.filter((s) => s.to === order.customerPhone)).toHaveLength(2);
  });

  it("texts a phone order's payment link with its confirmation, and a web order none", async () => {
    const web = await place({ paymentMethod: 'card' });
    // The mock gateway gives web orders a client secret for the app's payment sheet, not a link.
    expect(await t.dataSource.query(`SELECT kind FROM outbound_messages WHERE order_id = $1 AND kind = 'payment_link'`, [web.id])).toEqual(
      [],
    );
    const menu = await fetchMenu(t.url);
    const { body: phone } = await t.app
      .get(OrdersService)
      .create(orderBody(menu, { paymentMethod: 'card' }), { channel: 'voice', voiceCallId: 'call-texts' });
    const text = await settledText(t, phone.id, 'payment_link');
    expect(text).toMatchObject({ status: 'sent', body: expect.stringContaining(`Pay here: ${phone.payment.checkoutUrl}`) });
  });

  it('sends nothing to a number that replied STOP, and texts it again after START', async () => {
    const phone = '+12065553001';
    const twiml = await deliverSms(shop, phone, 'Stop');
    expect(twiml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    const muted = await place({ customerPhone: phone });
    const skipped = await settledText(t, muted.id, 'confirmed');
    expect(skipped).toMatchObject({ status: 'skipped', providerId: null, lastError: expect.stringContaining('replied STOP') });
    expect(notifier.sent.filter((s) => s.to === phone)).toEqual([]);
    expect(await historyOf(staff, muted.id)).toEqual([
      expect.objectContaining({ kind: 'message', from: 'text', to: 'skipped', note: expect.stringContaining('replied STOP') }),
    ]);

    await deliverSms(shop, phone, 'START');
    const heard = await place({ customerPhone: phone });
    expect(await settledText(t, heard.id, 'confirmed')).toMatchObject({ status: 'sent' });
    expect(notifier.sent.filter((s) => s.to === phone)).toHaveLength(1);
  });

  it('takes any other inbound text without changing consent', async () => {
    const phone = '+12065553002';
    await deliverSms(shop, phone, 'please stop texting me');
    const order = await place({ customerPhone: phone });
    expect(await settledText(t, order.id, 'confirmed')).toMatchObject({ status: 'sent' });
  });

  it('refuses an inbound text whose signature is missing, forged, or for another body', async () => {
    const phone = '+12065553003';
    const { params, signature } = inboundSms(phone, 'STOP');
    const form = new URLSearchParams(params).toString();
    const post = () => request(t.url).post('/webhook/twilio').type('form');
    const missing = await post().send(form);
    const forged = await post().set('X-Twilio-Signature', 'bm90IGEgc2lnbmF0dXJl').send(form);
    const tampered = await post()
      .set('X-Twilio-Signature', signature)
      .send(new URLSearchParams({ ...params, From: '+12065553999' }).toString());
    for (const res of [missing, forged, tampered]) {
      expect([res.status, res.body.code]).toEqual([400, 'WEBHOOK_SIGNATURE_INVALID']);
    }
    const order = await place({ customerPhone: phone });
    expect(await settledText(t, order.id, 'confirmed')).toMatchObject({ status: 'sent' });
    // The typed client's view of the same refusal.
    const error = await expectError(
      shop.POST('/webhook/twilio', {
        params: { header: { 'x-twilio-signature': 'forged' } },
        body: params,
        bodySerializer: () => form,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      400,
    );
    expect(error.message).toBe('The X-Twilio-Signature does not match this request.');
  });
});

describe('text messages through the Twilio SDK against a loopback fake', () => {
  let t: TestApp;
  let fake: FakeHttpServer;
  let menu: MenuRow[];
  let shop: ApiClient;
  let staff: ApiClient;
  let phones = 0;
  const place = (phone = `+1206555${String(4000 + ++phones)}`) =>
    expectStatus(shop.POST('/api/orders', { body: orderBody(menu, { customerPhone: phone }) }), 201);
  const sendsTo = (phone: string) => fake.requests.filter((r) => r.form.To === phone);

  beforeAll(async () => {
    fake = await createFakeTwilio();
    t = await createTestApp({ env: { ...TEXT_ENV, ...twilioDriverEnv(fake, 500) }, clock: ordinaryDayClock() });
    shop = api(t.url);
    staff = api(t.url, { admin: true });
    menu = await fetchMenu(t.url);
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  it("sends as Twilio's Messages API expects and keeps Twilio's message sid", async () => {
    const order = await place();
    const text = await settledText(t, order.id, 'confirmed');
    const [sent] = sendsTo(order.customerPhone);
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe(`/2010-04-01/Accounts/${TEST_TWILIO_SID}/Messages.json`);
    expect(sent.form).toEqual({ To: order.customerPhone, From: TEST_TWILIO_FROM, Body: text.body });
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`${TEST_TWILIO_SID}:${TEST_TWILIO_TOKEN}`).toString('base64')}`);
    expect(text).toMatchObject({ status: 'sent', attempts: 1, providerId: expect.stringMatching(/^SM[0-9a-f]{32}$/) });
  });

  it('retries a failing provider with backoff, then gives up and shows it on the order', async () => {
    fake.handler = () => twilioError(500, 20500, 'Internal Server Error');
    const order = await place();
    const text = await settledText(t, order.id, 'confirmed');
    expect(text).toMatchObject({ status: 'failed', attempts: 3, providerId: null });
    expect(text.lastError).toBe('Gave up after 3 attempt(s): Twilio answered 500 (error 20500): Internal Server Error');
    expect(sendsTo(order.customerPhone)).toHaveLength(3);
    expect(await historyOf(staff, order.id)).toEqual([
      expect.objectContaining({ kind: 'message', from: 'text', to: 'failed', note: `Order confirmed: ${text.lastError}` }),
    ]);
  });

  it('recovers when the provider comes back before the last attempt', async () => {
    let calls = 0;
    fake.handler = (req) => (++calls === 1 ? twilioError(503, 20503, 'Service Unavailable') : { ...twilioAnswerFor(req) });
    const order = await place();
    expect(await settledText(t, order.id, 'confirmed')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(sendsTo(order.customerPhone)).toHaveLength(2);
  });

  it("does not retry Twilio's refusal of the number (a 400 with Twilio's error)", async () => {
    fake.handler = () => twilioError(400, 21211, "The 'To' number +12065554999 is not a valid phone number.");
    const order = await place('+12065554999');
    const text = await settledText(t, order.id, 'confirmed');
    expect(text).toMatchObject({ status: 'failed', attempts: 1 });
    expect(text.lastError).toContain('Twilio answered 400 (error 21211)');
    expect(text.lastError).toContain('not a valid phone number');
    expect(sendsTo('+12065554999')).toHaveLength(1);
  });

  it('records an opt-out Twilio knew of and we did not (error 21610), and tries no text to that number again', async () => {
    const phone = '+12065554610';
    fake.handler = () => twilioError(400, 21610, 'Attempt to send to unsubscribed recipient');
    const first = await place(phone);
    expect(await settledText(t, first.id, 'confirmed')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await t.dataSource.query(`SELECT keyword FROM sms_opt_outs WHERE phone = $1`, [phone])).toEqual([{ keyword: 'TWILIO-21610' }]);
    const second = await place(phone);
    expect(await settledText(t, second.id, 'confirmed')).toMatchObject({ status: 'skipped' });
    expect(sendsTo(phone)).toHaveLength(1);
  });

  it('never sends again a text Twilio may have taken (no answer in time)', async () => {
    fake.handler = () => ({ delayMs: 2000, status: 201, body: {} });
    const order = await place();
    const text = await settledText(t, order.id, 'confirmed');
    expect(text).toMatchObject({ status: 'failed', attempts: 1 });
    expect(text.lastError).toContain('it may have been sent, so it is not sent again');
    expect(sendsTo(order.customerPhone)).toHaveLength(1);
  });
});

/** The default answer, for a handler that fails first and then answers as Twilio does. */
function twilioAnswerFor(req: Parameters<FakeHttpServer['handler']>[0]) {
  return { status: 201, body: { sid: `SM${'a'.repeat(32)}`, to: req.form.To, from: req.form.From, body: req.form.Body, status: 'queued' } };
}

/** A process that commits the text with its cause and dies before sending: it never sweeps. */
class KilledBeforeSending extends TextSender {
  override onApplicationBootstrap(): void {}
  override kick(): void {}
}

describe('a text decided by a process that dies before sending it', () => {
  it('is in the database after the deciding transaction, and a fresh app on the same database sends it exactly once', async () => {
    const first = await createTestApp({
      env: { ...TEXT_ENV },
      clock: ordinaryDayClock(),
      override: (b) => b.overrideProvider(TextSender).useClass(KilledBeforeSending),
    });
    let second: TestApp | undefined;
    try {
      const menu = await fetchMenu(first.url);
      const order = await expectStatus(
        api(first.url).POST('/api/orders', { body: orderBody(menu, { customerPhone: '+12065556001' }) }),
        201,
      );
      await moveTo(api(first.url, { admin: true }), order.id, ['cancelled']);
      expect((await textsOf(first, order.id)).map((r) => [r.kind, r.status, r.attempts])).toEqual([
        ['confirmed', 'pending', 0],
        ['cancelled', 'pending', 0],
      ]);
      const keep = { dataDir: first.dataDir, databaseUrl: first.databaseUrl };
      await first.app.close();

      second = await createTestApp({
        env: { ...TEXT_ENV, DATA_DIR: keep.dataDir },
        databaseUrl: keep.databaseUrl,
        clock: ordinaryDayClock(),
      });
      const notifier = second.app.get<Notifier, MockNotifier>(Notifier);
      await settledText(second, order.id, 'confirmed');
      await settledText(second, order.id, 'cancelled');
      // Several sweeps later (every 50 ms), still one send of each.
      await new Promise((r) => setTimeout(r, 400));
      const sent = notifier.sent.filter((s) => s.to === '+12065556001').map((s) => s.body);
      expect(sent).toHaveLength(2);
      expect(sent.filter((b) => b.includes('confirmed'))).toHaveLength(1);
      expect(sent.filter((b) => b.includes('was cancelled'))).toHaveLength(1);
      expect((await textsOf(second, order.id)).map((r) => [r.status, r.attempts])).toEqual([
        ['sent', 1],
        ['sent', 1],
      ]);
      expect((await historyOf(api(second.url), order.id)).map((h) => h.to)).toEqual(['sent', 'sent']);
    } finally {
      await second?.close();
      await first.close().catch(() => undefined);
    }
  });
});
