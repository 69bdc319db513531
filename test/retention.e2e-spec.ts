import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import request from 'supertest';
import { RetentionService } from '@/retention/retention.service.js';
import { CallsRepository } from '@/voice/calls.repository.js';
import { testDatabaseKind } from './support/databases.js';
import { readWorkbook, waitFor } from './support/export-helpers.js';
import { admin, fetchMenu, menuItem, type MenuRow, type OrderBody, orderBody } from './support/orders.js';
import { TestClock } from './support/test-clock.js';
import { createTestApp, TestApp } from './support/test-app.js';

/**
 * Retention of personal data (README "Personal data and retention"), on the app's settable clock. "Now" is Tuesday
 * 2026-03-10, 12:00 in Los Angeles; with the default 24 months the cutoff is the first instant of 2024-03-10 (00:00
 * PST, the day the clocks sprang forward that year), and with 90 days recordings go before 2025-12-10.
 */
const NOW = '2026-03-10T19:00:00Z';
const CUTOFF = '2024-03-10T08:00:00.000Z';
/** 2024-03-09 23:59 PST: the last minute before the cutoff. */
const JUST_BEFORE = '2024-03-10T07:59:00Z';
/** 2024-03-10 00:01 PST: the first minute after it. */
const JUST_AFTER = '2024-03-10T08:01:00Z';
const OLD_DAY = '2024-03-09';

const GRACE = '+12065550142';
const ALAN = '+14155550199';

interface OrderRow {
  id: string;
  order_number: string;
  customer_name: string;
  customer_phone: string;
  delivery_address: string | null;
  delivery_formatted_address: string | null;
  delivery_lat: number | null;
  delivery_distance_meters: number | null;
  delivery_zone: string | null;
  notes: string | null;
  status: string;
  subtotal_cents: number;
  delivery_fee_cents: number;
  tax_cents: number;
  total_cents: number;
  anonymized_at: Date | null;
}

/** Every message the app logs (at any level) until `stop`, joined by newlines. */
function logLines(): { stop(): string } {
  const spies = (['log', 'warn', 'error', 'debug', 'verbose'] as const).map((level) => jest.spyOn(Logger.prototype, level));
  return {
    stop: () => {
      const text = spies.flatMap((spy) => spy.mock.calls.map((args) => args.map(String).join(' '))).join('\n');
      for (const spy of spies) spy.mockRestore();
      return text;
    },
  };
}

describe('Retention: the nightly job and erasure by phone', () => {
  let t: TestApp;
  let clock: TestClock;
  let menu: MenuRow[];

  beforeAll(async () => {
    clock = new TestClock(NOW, { stepMs: 1 });
    t = await createTestApp({ clock });
    menu = await fetchMenu(t.url);
  });
  afterAll(() => t.close());

  const place = async (at: string, overrides: Partial<OrderBody> = {}, key?: string): Promise<{ id: string; orderNumber: string }> => {
    clock.set(at);
    let req = request(t.url).post('/api/orders');
    if (key) req = req.set('Idempotency-Key', key);
    const res = await req.send(orderBody(menu, { notes: 'Leave it with the doorman, Grace', ...overrides })).expect(201);
    return res.body as { id: string; orderNumber: string };
  };
  const move = async (id: string, ...statuses: string[]) => {
    for (const status of statuses) await request(t.url).patch(`/api/orders/${id}/status`).set(admin).send({ status }).expect(200);
  };
  const complete = (id: string) => move(id, 'confirmed', 'preparing', 'ready', 'completed');
  /** The order's row without the export's bookkeeping, which the workbook writer moves on its own time. */
  const row = async (id: string): Promise<OrderRow> => {
    const [found] = await t.dataSource.query<(OrderRow & { exported_version?: number })[]>(`SELECT * FROM orders WHERE id = $1`, [id]);
    delete found.exported_version;
    return found;
  };
  const amounts = (r: OrderRow) => [r.subtotal_cents, r.delivery_fee_cents, r.tax_cents, r.total_cents, r.status];
  const exported = (day: string) =>
    waitFor(`the workbook of ${day} to be written`, async () => {
      const [{ n }]: { n: number }[] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM orders WHERE business_date = $1 AND version > exported_version`,
        [day],
      );
      return n === 0 ? readWorkbook(join(t.dataDir, 'exports', `orders-${day}.xlsx`)) : null;
    });
  const insertCall = (callId: string, createdAt: string, phone: string) =>
    t.dataSource.query(
      `INSERT INTO voice_calls (call_id, status, summary, transcript, recording_url, customer_phone, created_at, updated_at)
       VALUES ($1, 'ended', 'Caller ordered a pizza to Pine St', 'AI: Hello\nUser: It is Grace, on Pine St', 'https://storage.vapi.ai/x.wav', $2, $3, $3)`,
      [callId, phone, createdAt],
    );
  const call = async (callId: string) =>
    (await t.dataSource.query<Record<string, unknown>[]>(`SELECT * FROM voice_calls WHERE call_id = $1`, [callId]))[0];

  it('anonymizes exactly the finished orders before the cutoff, keeping amounts, workbook amounts and calls as the rules say', async () => {
    // Past the cutoff: a completed pickup placed with an idempotency key, and a cancelled delivery.
    const oldPickup = await place(JUST_BEFORE, {}, 'retention-old-pickup');
    const oldDelivery = await place('2024-03-10T07:58:00Z', {
      customerName: 'Alan Turing',
      customerPhone: ALAN,
      fulfillment: 'delivery',
      deliveryAddress: '221 Pine St @47.6114,-122.3381',
      items: [{ menuItemId: menuItem(menu, 'Margherita Pizza').id, quantity: 3, notes: 'ring twice, Alan' }],
    });
    // Past the cutoff but still in progress: left alone.
    const oldOpen = await place('2024-03-10T07:57:00Z');
    // One minute after the cutoff, and this year: kept.
    const justAfter = await place(JUST_AFTER);
    const recent = await place('2026-03-09T19:00:00Z');
    await complete(oldPickup.id);
    await move(oldDelivery.id, 'cancelled');
    await complete(justAfter.id);
    await complete(recent.id);
    await t.dataSource.query(`UPDATE orders SET voice_call_id = 'call-of-old-order' WHERE id = $1`, [oldPickup.id]);
    await insertCall('call-of-old-order', '2024-03-09T20:00:00Z', GRACE);
    await insertCall('call-old-no-order', '2024-02-01T20:00:00Z', '+12065550777');
    await insertCall('call-100-days', '2025-11-30T20:00:00Z', '+12065550778');
    await insertCall('call-10-days', '2026-02-28T20:00:00Z', '+12065550779');

    const before = await Promise.all([oldPickup, oldDelivery, oldOpen, justAfter, recent].map((o) => row(o.id)));
    const workbookBefore = await exported(OLD_DAY);
    // The owner's report of that day and of the whole span, read the same way after the night's run.
    const reports = () =>
      Promise.all(
        [`from=${OLD_DAY}`, `from=2024-01-01&to=2024-12-31`].map(async (query) => {
          const res = await request(t.url).get(`/api/reports?${query}`).set(admin).expect(200);
          return { ...(res.body as Record<string, unknown>), generatedAt: null };
        }),
      );
    const reportsBefore = await reports();
    expect(reportsBefore[0]).toMatchObject({ totals: { orders: 2, cancelledOrders: 1 } });
    expect(workbookBefore.rows).toHaveLength(3);
    expect(workbookBefore.rows.map((r) => r.Customer).sort()).toEqual(['Alan Turing', 'Grace Hopper', 'Grace Hopper']);
    expect(workbookBefore.rows.some((r) => String(r.Items).includes('ring twice, Alan'))).toBe(true);
    expect(await t.dataSource.query(`SELECT 1 FROM idempotency_keys WHERE order_id = $1`, [oldPickup.id])).toHaveLength(1);

    clock.set(NOW);
    const logged = logLines();
    const run = await t.app.get(RetentionService).runNight();
    expect(run).toMatchObject({ night: '2026-03-10', claimed: true, orders: 2, calls: 2, recordings: 1 });
    expect(run.cutoffs.orders.toISOString()).toBe(CUTOFF);
    // The log says what was done (counts, cutoffs, duration), never whose data it was.
    const runLog = logged.stop();
    expect(runLog).toMatch(/Retention night 2026-03-10: anonymized 2 order\(s\) placed before 2024-03-10T08:00:00.000Z/);
    expect(runLog).toMatch(/1 order\(s\) placed before .* are still in progress/);
    expect(runLog).not.toMatch(/Grace|Alan|Turing|Hopper|555|Pine/);

    const after = await Promise.all([oldPickup, oldDelivery, oldOpen, justAfter, recent].map((o) => row(o.id)));
    for (const anonymized of [after[0], after[1]]) {
      expect(anonymized).toMatchObject({
        customer_name: '',
        customer_phone: '',
        delivery_address: null,
        delivery_formatted_address: null,
        delivery_lat: null,
        notes: null,
      });
      expect(anonymized.anonymized_at).not.toBeNull();
    }
    // The delivery keeps its zone and distance; every order keeps its amounts and status.
    expect(after[1].delivery_zone).toBe(before[1].delivery_zone);
    expect(after[1].delivery_distance_meters).toBe(before[1].delivery_distance_meters);
    expect(after.map(amounts)).toEqual(before.map(amounts));
    // The order in progress, the one a minute after the cutoff and the recent one are as they were.
    for (const i of [2, 3, 4]) expect(after[i]).toEqual(before[i]);

    const lineNotes: { notes: string | null }[] = await t.dataSource.query(`SELECT notes FROM order_items WHERE order_id = ANY($1)`, [
      [oldPickup.id, oldDelivery.id],
    ]);
    expect(lineNotes.every((l) => l.notes === null)).toBe(true);
    const texts: { to_phone: string; body: string }[] = await t.dataSource.query(
      `SELECT to_phone, body FROM outbound_messages WHERE order_id = ANY($1)`,
      [[oldPickup.id, oldDelivery.id]],
    );
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((m) => m.to_phone === '' && m.body === '')).toBe(true);
    expect(await t.dataSource.query(`SELECT 1 FROM idempotency_keys WHERE order_id = $1`, [oldPickup.id])).toHaveLength(0);

    // The API shows the order as anonymized, with its delivery's zone and fee.
    const shown = (await request(t.url).get(`/api/orders/${oldDelivery.id}`).expect(200)).body as Record<string, unknown>;
    expect(shown).toMatchObject({
      customerName: '',
      customerPhone: '',
      notes: null,
      delivery: { address: '', lat: null, zone: 'Downtown' },
    });
    expect(typeof shown.anonymizedAt).toBe('string');
    // The order search finds neither by its old name nor by its old phone, and still finds the kept ones.
    const search = async (q: string) =>
      (
        (await request(t.url).get('/api/orders').query({ q, limit: 100 }).set(admin).expect(200)).body as { items: { id: string }[] }
      ).items.map((o) => o.id);
    expect(await search('Alan Turing')).toEqual([]);
    expect(await search('555-0142')).toEqual(expect.arrayContaining([justAfter.id, recent.id, oldOpen.id]));
    expect(await search('555-0142')).not.toContain(oldPickup.id);

    // Calls: the old order's call and the old call without an order lose everything personal; a call of 100 days
    // loses its recording and transcript but keeps the rest; a call of 10 days is untouched.
    for (const id of ['call-of-old-order', 'call-old-no-order']) {
      expect(await call(id)).toMatchObject({ transcript: null, recording_url: null, summary: null, customer_phone: null, status: 'ended' });
    }
    expect(await call('call-100-days')).toMatchObject({
      transcript: null,
      recording_url: null,
      summary: 'Caller ordered a pizza to Pine St',
      customer_phone: '+12065550778',
      anonymized_at: null,
    });
    expect(await call('call-10-days')).toMatchObject({ recording_url: 'https://storage.vapi.ai/x.wav', customer_phone: '+12065550779' });

    // The day's workbook is rebuilt from the anonymized rows: same orders, same amounts, no names, phones or notes.
    const workbookAfter = await exported(OLD_DAY);
    const money = (r: Record<string, unknown>) => [r['Order ID'], r.Subtotal, r['Delivery Fee'], r.Tax, r.Total, r.Status, r.Refunded];
    expect(workbookAfter.rows.map(money)).toEqual(workbookBefore.rows.map(money));
    expect(await reports()).toEqual(reportsBefore);
    const rebuilt = new Map(workbookAfter.rows.map((r) => [r['Order ID'], r]));
    for (const id of [oldPickup.id, oldDelivery.id]) {
      const r = rebuilt.get(id)!;
      expect([r.Customer ?? '', r.Phone ?? '', r.Address ?? '']).toEqual(['', '', '']);
      expect(String(r.Items)).not.toMatch(/Alan|onions|ring twice/);
    }
    expect(rebuilt.get(oldOpen.id)!.Customer).toBe('Grace Hopper');

    // Tonight is done: another run the same night does nothing, and neither does the periodic check.
    expect(await t.app.get(RetentionService).runNight()).toMatchObject({ claimed: false, orders: 0 });
    expect(await t.app.get(RetentionService).runIfDue()).toBeNull();
  });

  it('erases one customer by phone on every order, call and text whatever their age, answering what it erased', async () => {
    clock.set('2026-03-10T20:00:00Z');
    const phone = '+14155550123';
    const first = await place(
      '2026-01-05T19:00:00Z',
      { customerName: 'Barbara Liskov', customerPhone: phone, paymentMethod: 'card' },
      'erase-me-1',
    );
    // Paid by card, and part of it given back by staff with a reason that names her.
    await request(t.url).post(`/api/payments/mock/${first.id}/pay`).set(admin).expect(200);
    await request(t.url)
      .post(`/api/orders/${first.id}/refunds`)
      .set(admin)
      .send({ amountCents: 300, reason: 'Cold, Barbara called' })
      .expect(200);
    const second = await place('2026-03-01T19:00:00Z', { customerName: 'Barbara Liskov', customerPhone: phone });
    const someoneElse = await place('2026-03-01T19:05:00Z', { customerName: 'Edsger Dijkstra', customerPhone: '+14155550124' });
    await complete(first.id);
    await move(second.id, 'cancelled');
    await complete(someoneElse.id);
    await insertCall('call-from-barbara', '2026-03-01T18:55:00Z', phone);
    const otherBefore = await row(someoneElse.id);
    const [firstBefore, secondBefore] = await Promise.all([row(first.id), row(second.id)]);
    // A text that failed with Twilio's words, which name the number.
    await t.dataSource.query(
      `UPDATE outbound_messages SET status = 'failed', last_error = 'The ''To'' number +14155550123 is not a valid phone number.' WHERE order_id = $1`,
      [first.id],
    );

    // Typed as people type it: normalized the way orders are.
    const logged = logLines();
    const res = await request(t.url).post('/api/customers/erase').set(admin).send({ phone: '+1 (415) 555-0123' }).expect(200);
    const erasureLog = logged.stop();
    expect(erasureLog).toMatch(/Erasure on request: 2 order\(s\).* 1 call\(s\) in \d+ ms/);
    expect(erasureLog).not.toMatch(/Barbara|Liskov|555|0123/);
    expect(res.body).toMatchObject({
      orderNumbers: [first.orderNumber, second.orderNumber].sort(),
      erased: { orders: 2, orderLines: 2, calls: 1, idempotencyRecords: 1, staffRefunds: 1 },
      smsOptOutKept: false,
    });
    expect((res.body as { erased: { texts: number } }).erased.texts).toBeGreaterThan(0);
    const errors: { last_error: string | null }[] = await t.dataSource.query(
      `SELECT last_error FROM outbound_messages WHERE order_id = $1`,
      [first.id],
    );
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((m) => !m.last_error?.includes('555'))).toBe(true);
    for (const [after, before] of [
      [await row(first.id), firstBefore],
      [await row(second.id), secondBefore],
    ]) {
      expect(after).toMatchObject({ customer_name: '', customer_phone: '', notes: null });
      expect(amounts(after)).toEqual(amounts(before));
    }
    expect(await call('call-from-barbara')).toMatchObject({ customer_phone: null, transcript: null, recording_url: null, summary: null });
    // Vapi delivering the call's end-of-call report (and a status event) again, late, through the webhook's writes:
    // the erased fields stay empty, the rest is recorded.
    const calls = t.app.get(CallsRepository);
    await calls.upsertReport({
      callId: 'call-from-barbara',
      endedReason: 'customer-ended-call',
      summary: 'Barbara ordered a pizza',
      transcript: 'User: It is Barbara',
      recordingUrl: 'https://storage.vapi.ai/late.wav',
      cost: 0.12,
      customerPhone: phone,
      startedAt: new Date('2026-03-01T18:55:00Z'),
      endedAt: new Date('2026-03-01T18:58:00Z'),
      forwardedAt: null,
    });
    await calls.upsertEvent({ callId: 'call-from-barbara', status: 'ended', customerPhone: phone });
    await calls.upsertTransferRequest({ callId: 'call-from-barbara', to: '+14155550000', at: new Date(), customerPhone: phone });
    expect(await call('call-from-barbara')).toMatchObject({
      customer_phone: null,
      transcript: null,
      recording_url: null,
      summary: null,
      ended_reason: 'customer-ended-call',
    });
    // The refund keeps its amount (on the order and its own row) and loses its reason; the history keeps who and when.
    expect(await t.dataSource.query(`SELECT amount_cents, reason FROM staff_refunds WHERE order_id = $1`, [first.id])).toEqual([
      { amount_cents: 300, reason: '' },
    ]);
    expect((await row(first.id)) as unknown).toMatchObject({ refunded_cents: 300, payment_status: 'partially_refunded' });
    const notes: { note: string | null }[] = await t.dataSource.query(`SELECT note FROM order_history WHERE order_id = ANY($1)`, [
      [first.id, second.id],
    ]);
    expect(notes.length).toBeGreaterThan(0);
    expect(notes.every((h) => h.note === null)).toBe(true);
    // Someone else's order is as it was.
    expect(await row(someoneElse.id)).toEqual(otherBefore);

    // Asking again finds nothing left to erase.
    const again = await request(t.url).post('/api/customers/erase').set(admin).send({ phone }).expect(200);
    expect(again.body).toMatchObject({ orderNumbers: [], erased: { orders: 0, calls: 0 } });
  });

  it('refuses an erasure while the customer has an order in progress, and bad input, changing nothing', async () => {
    clock.set('2026-03-10T21:00:00Z');
    const phone = '+14155550155';
    const done = await place('2026-03-10T20:00:00Z', { customerName: 'Frances Allen', customerPhone: phone });
    await complete(done.id);
    const open = await place('2026-03-10T20:30:00Z', { customerName: 'Frances Allen', customerPhone: phone });
    const before = await Promise.all([row(done.id), row(open.id)]);

    const refused = await request(t.url).post('/api/customers/erase').set(admin).send({ phone }).expect(409);
    expect(refused.body).toMatchObject({ code: 'CUSTOMER_HAS_OPEN_ORDERS', orderNumbers: [open.orderNumber] });
    expect(await Promise.all([row(done.id), row(open.id)])).toEqual(before);

    for (const body of [{}, { phone: '4155550155' }, { phone: 'Frances' }, { phone: 4155550155 }]) {
      const bad = await request(t.url).post('/api/customers/erase').set(admin).send(body).expect(400);
      expect(JSON.stringify(bad.body)).toMatch(/phone must be an international phone number/);
    }
    await request(t.url).post('/api/customers/erase').send({ phone }).expect(401);
    await request(t.url).post('/api/customers/erase').set('Authorization', 'Bearer wrong-token').send({ phone }).expect(401);
    expect(await Promise.all([row(done.id), row(open.id)])).toEqual(before);

    // Once staff cancel it, the erasure goes through.
    await move(open.id, 'cancelled');
    const erased = await request(t.url).post('/api/customers/erase').set(admin).send({ phone }).expect(200);
    expect((erased.body as { orderNumbers: string[] }).orderNumbers).toEqual([done.orderNumber, open.orderNumber].sort());
  });
});

describe('Retention: replicas running the same night at once', () => {
  it('do the work once when their checks fire together at RETENTION_HOUR: one claims the night, the other skips it', async () => {
    const clock = new TestClock('2024-01-02T19:00:00Z', { stepMs: 1 });
    const a = await createTestApp({ clock });
    // On PostgreSQL a second app on the same database is a second replica; PGlite is one process's database, so
    // there the two runs race inside one app (the claim is the database's either way).
    const b = testDatabaseKind() === 'postgres' ? await createTestApp({ clock, databaseUrl: a.databaseUrl }) : a;
    try {
      const menu = await fetchMenu(a.url);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await request(a.url).post('/api/orders').send(orderBody(menu)).expect(201);
        ids.push((res.body as { id: string }).id);
        await request(a.url).patch(`/api/orders/${ids[i]}/status`).set(admin).send({ status: 'cancelled' }).expect(200);
      }
      // 02:59 in Los Angeles (PDT since 2026-03-08): the night is not due yet, and nothing is claimed.
      clock.set('2026-03-10T09:59:00Z');
      expect(await a.app.get(RetentionService).runIfDue()).toBeNull();
      expect(await a.dataSource.query(`SELECT 1 FROM retention_runs`)).toHaveLength(0);
      // 03:00: both replicas' periodic checks fire at once.
      clock.set('2026-03-10T10:00:00Z');
      const runs = await Promise.all([a.app.get(RetentionService).runIfDue(), b.app.get(RetentionService).runIfDue()]);
      const claimed = runs.filter((r) => r?.claimed);
      expect(claimed).toHaveLength(1);
      expect(claimed[0]).toMatchObject({ night: '2026-03-10', orders: 5 });
      expect(runs.reduce((sum, r) => sum + (r?.orders ?? 0), 0)).toBe(5);
      const claims: { night: string; orders_anonymized: number }[] = await a.dataSource.query(
        `SELECT to_char(night, 'YYYY-MM-DD') AS night, orders_anonymized FROM retention_runs`,
      );
      expect(claims).toEqual([{ night: '2026-03-10', orders_anonymized: 5 }]);
      const [{ n }]: { n: number }[] = await a.dataSource.query(`SELECT count(*)::int AS n FROM orders WHERE anonymized_at IS NOT NULL`);
      expect(n).toBe(5);
    } finally {
      if (b !== a) await b.close();
      await a.close();
    }
  });
});
