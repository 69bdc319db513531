import ExcelJS from 'exceljs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { api, expectStatus, type ApiSchema } from './support/api.js';
import { placeOrder, staffLogin, STAFF_ACCOUNT } from './support/dashboard.js';
import { createTestApp, ADMIN_TOKEN, TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';

type Report = ApiSchema<'ReportDto'>;

/** Dishes of the hand-made day (fixed ids: the report groups by dish). */
const PIZZA = '00000000-0000-4000-8000-0000000000a1';
const SALAD = '00000000-0000-4000-8000-0000000000a2';
const SODA = '00000000-0000-4000-8000-0000000000a3';
const LARGE = { optionId: '00000000-0000-4000-8000-0000000000b1', group: 'Size', name: 'Large', priceDeltaCents: 300 };
const CHEESE = { optionId: '00000000-0000-4000-8000-0000000000b2', group: 'Toppings', name: 'Extra cheese', priceDeltaCents: 150 };

interface DayOrder {
  number: string;
  at: string;
  requestedTime?: string;
  businessDate?: string;
  channel: 'web' | 'mobile' | 'voice';
  fulfillment: 'pickup' | 'delivery';
  status?: string;
  subtotal: number;
  fee: number;
  tax: number;
  refunded?: number;
  items: [string, string, number, number, object[]?][];
}

/**
 * Sunday 1 November 2026 in New York, the night the clocks go back: 1 AM comes twice (EDT, then EST). Amounts
 * are written out so that every figure below is worked out by hand, not by the code under test.
 */
const DAY: DayOrder[] = [
  // 00:30 EDT
  {
    number: 'D-0001',
    at: '2026-11-01T04:30:00Z',
    channel: 'web',
    fulfillment: 'pickup',
    status: 'completed',
    subtotal: 1800,
    fee: 0,
    tax: 200,
    items: [[PIZZA, 'Margherita Pizza', 2, 1800, [LARGE, CHEESE]]],
  },
  // 01:30 EDT: refunded 5.00 of 35.00
  {
    number: 'D-0002',
    at: '2026-11-01T05:30:00Z',
    channel: 'voice',
    fulfillment: 'delivery',
    status: 'completed',
    subtotal: 2800,
    fee: 400,
    tax: 300,
    refunded: 500,
    items: [
      [PIZZA, 'Margherita Pizza', 1, 1400, [LARGE]],
      [SALAD, 'Caesar Salad', 2, 1400],
    ],
  },
  // 01:30 EST, an hour later on the clock's second 1 AM: cancelled
  {
    number: 'D-0003',
    at: '2026-11-01T06:30:00Z',
    channel: 'mobile',
    fulfillment: 'pickup',
    status: 'cancelled',
    subtotal: 1400,
    fee: 0,
    tax: 100,
    items: [[PIZZA, 'Margherita Pizza', 5, 5000, [LARGE]]],
  },
  // 01:45 EST
  {
    number: 'D-0004',
    at: '2026-11-01T06:45:00Z',
    channel: 'web',
    fulfillment: 'pickup',
    status: 'completed',
    subtotal: 900,
    fee: 0,
    tax: 100,
    items: [[SODA, 'Lemon Soda', 1, 700]],
  },
  // placed 18:00 EST for 19:00 EST
  {
    number: 'D-0005',
    at: '2026-11-01T23:00:00Z',
    requestedTime: '2026-11-02T00:00:00Z',
    channel: 'web',
    fulfillment: 'delivery',
    subtotal: 3500,
    fee: 300,
    tax: 400,
    items: [
      [SALAD, 'Caesar Salad', 1, 700],
      [SODA, 'Lemon Soda', 4, 2800],
    ],
  },
  // Saturday 23:30 EDT: the day before, not in the report
  {
    number: 'D-0006',
    at: '2026-11-01T03:30:00Z',
    businessDate: '2026-10-31',
    channel: 'web',
    fulfillment: 'pickup',
    status: 'completed',
    subtotal: 9000,
    fee: 0,
    tax: 900,
    items: [[SODA, 'Lemon Soda', 9, 9000]],
  },
];

/** Writes the hand-made day: copies of one order placed through the API, with the columns above. */
async function writeDay(dataSource: DataSource, templateId: string): Promise<void> {
  const columns = (
    await dataSource.query<{ column_name: string }[]>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'orders' AND table_schema = current_schema() ORDER BY ordinal_position`,
    )
  ).map((c) => c.column_name);
  for (const o of DAY) {
    const total = o.subtotal + o.fee + o.tax;
    const values: Record<string, unknown> = {
      id: null,
      order_number: o.number,
      channel: o.channel,
      fulfillment: o.fulfillment,
      status: o.status ?? 'received',
      subtotal_cents: o.subtotal,
      delivery_fee_cents: o.fee,
      tax_cents: o.tax,
      total_cents: total,
      refunded_cents: o.refunded ?? 0,
      created_at: o.at,
      updated_at: o.at,
      requested_time: o.requestedTime ?? null,
      business_date: o.businessDate ?? '2026-11-01',
      voice_call_id: null,
      payment_reference: null,
    };
    const params: unknown[] = [templateId];
    const select = columns.map((c) => {
      if (c === 'id') return 'gen_random_uuid()';
      if (!(c in values)) return `o.${c}`;
      params.push(values[c]);
      return `$${params.length}`;
    });
    const [{ id }] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO orders (${columns.join(', ')}) SELECT ${select.join(', ')} FROM orders o WHERE o.id = $1 RETURNING id`,
      params,
    );
    for (const [position, [dish, name, quantity, lineTotal, options]] of o.items.entries()) {
      await dataSource.query(
        `INSERT INTO order_items (order_id, position, menu_item_id, name, unit_price_cents, quantity, line_total_cents, options)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, position, dish, name, lineTotal / quantity, quantity, lineTotal, JSON.stringify(options ?? [])],
      );
    }
  }
  // Calls: three that Sunday (one ordered, one was put through), one on Saturday.
  for (const [callId, at, ordered, forwarded] of [
    ['call-sun-1', '2026-11-01T05:25:00Z', '2026-11-01T05:30:00Z', null],
    ['call-sun-2', '2026-11-01T06:10:00Z', null, '2026-11-01T06:11:00Z'],
    ['call-sun-3', '2026-11-02T04:50:00Z', null, null], // 23:50 EST, still Sunday
    ['call-sat-1', '2026-11-01T03:50:00Z', '2026-11-01T03:55:00Z', null], // 23:50 EDT Saturday
  ] as const) {
    await dataSource.query(
      `INSERT INTO voice_calls (call_id, created_at, updated_at, order_placed_at, forwarded_at) VALUES ($1, $2, $2, $3, $4)`,
      [callId, at, ordered, forwarded],
    );
  }
}

describe('Sales reports (admin API, dashboard, .xlsx)', () => {
  let t: TestApp;
  const clock = new TestClock('2026-11-02T15:00:00Z'); // Monday 10:00 EST
  const admin = () => api(t.url, { admin: true });
  const report = async (query: Record<string, string>): Promise<Report> =>
    expectStatus(admin().GET('/api/reports', { params: { query } }), 200);

  beforeAll(async () => {
    t = await createTestApp({ clock, env: { RESTAURANT_TIMEZONE: 'America/New_York' } });
    const template = await placeOrder(t.url); // today (Monday): not in Sunday's report
    await writeDay(t.dataSource, template.id);
  });
  afterAll(() => t.close());

  it('adds up the day the clocks went back exactly as worked out by hand', async () => {
    const r = await report({ period: 'yesterday' });
    expect(r.period).toEqual({
      from: '2026-11-01',
      to: '2026-11-01',
      days: 1,
      preset: 'yesterday',
      label: 'Yesterday, Sun Nov 1, 2026',
      timezone: 'America/New_York',
      granularity: 'hour',
    });
    expect(r.currency).toBe('USD');
    // Sold: D-0001 20.00, D-0002 35.00 (5.00 refunded), D-0004 10.00, D-0005 42.00; D-0003 15.00 cancelled.
    expect(r.totals).toEqual({
      orders: 4,
      grossCents: 10_700,
      subtotalCents: 9_000,
      taxCents: 1_000,
      deliveryFeeCents: 700,
      refundsCents: 500,
      netCents: 10_200,
      averageTicketCents: 2_675,
      cancelledOrders: 1,
      cancelledCents: 1_500,
    });
    const by = <T extends { label: string }>(rows: T[]) => Object.fromEntries(rows.map((row) => [row.label, row]));
    const channels = by(r.byChannel);
    expect(r.byChannel.map((c) => c.channel)).toEqual(['voice', 'web', 'mobile']);
    expect(channels.Phone).toMatchObject({ orders: 1, grossCents: 3_500, refundsCents: 500, netCents: 3_000, cancelledOrders: 0 });
    expect(channels.Web).toMatchObject({ orders: 3, grossCents: 7_200, netCents: 7_200, averageTicketCents: 2_400, cancelledOrders: 0 });
    expect(channels.App).toMatchObject({ orders: 0, grossCents: 0, averageTicketCents: 0, cancelledOrders: 1, cancelledCents: 1_500 });
    const fulfillment = by(r.byFulfillment);
    expect(fulfillment.Pickup).toMatchObject({ orders: 2, grossCents: 3_000, deliveryFeeCents: 0, cancelledOrders: 1 });
    expect(fulfillment.Delivery).toMatchObject({ orders: 2, grossCents: 7_700, deliveryFeeCents: 700, refundsCents: 500 });
    expect(r.calls).toEqual({ calls: 3, withOrder: 1, transferred: 1, orderPercent: 33 });

    // 25 hours, the repeated one named by its zone; each order in the hour it was for.
    expect(r.series).toHaveLength(25);
    expect(r.series.slice(0, 4).map((b) => b.label)).toEqual(['12 AM', '1 AM EDT', '1 AM EST', '2 AM']);
    const hour = Object.fromEntries(r.series.map((b) => [b.label, [b.orders, b.grossCents]]));
    expect(hour).toMatchObject({ '12 AM': [1, 2_000], '1 AM EDT': [1, 3_500], '1 AM EST': [1, 1_000], '6 PM': [0, 0], '7 PM': [1, 4_200] });
    expect(r.series.reduce((n, b) => n + b.orders, 0)).toBe(4);
    expect(r.series[1].start).toBe('2026-11-01T01:00:00-04:00');
    expect(r.series[2].start).toBe('2026-11-01T01:00:00-05:00');

    // Sunday is the last row; 1 AM twice makes two orders in that hour of the week.
    const sunday = r.busiestHours[6];
    expect(r.busiestHours).toHaveLength(7);
    expect(sunday.map((n, h) => [h, n]).filter(([, n]) => n)).toEqual([
      [0, 1],
      [1, 2],
      [19, 1],
    ]);
    expect(
      r.busiestHours
        .slice(0, 6)
        .flat()
        .every((n) => n === 0),
    ).toBe(true);

    expect(r.topDishes).toEqual([
      { name: 'Lemon Soda', quantity: 5, grossCents: 3_500 },
      { name: 'Margherita Pizza', quantity: 3, grossCents: 3_200 },
      { name: 'Caesar Salad', quantity: 3, grossCents: 2_100 },
    ]);
    expect(r.topOptions).toEqual([
      { group: 'Size', name: 'Large', quantity: 3, grossCents: 900 },
      { group: 'Toppings', name: 'Extra cheese', quantity: 2, grossCents: 300 },
    ]);
  });

  it('covers a range per day, each day once, with the Saturday before and today', async () => {
    const r = await report({ from: '2026-10-31', to: '2026-11-02' });
    expect(r.period).toMatchObject({ days: 3, preset: null, granularity: 'day', label: 'Oct 31 – Nov 2, 2026' });
    expect(r.series.map((b) => [b.start, b.label, b.orders])).toEqual([
      ['2026-10-31', 'Sat Oct 31', 1],
      ['2026-11-01', 'Sun Nov 1', 4],
      ['2026-11-02', 'Mon Nov 2', 1],
    ]);
    expect(r.totals.orders).toBe(6);
    expect(r.calls.calls).toBe(4);
    // The named periods, counted from Monday 2 November in New York.
    expect((await report({ period: 'this-week' })).period).toMatchObject({ from: '2026-11-02', to: '2026-11-02' });
    expect((await report({ period: 'last-week' })).period).toMatchObject({ from: '2026-10-26', to: '2026-11-01', days: 7 });
    expect((await report({ period: 'last-month' })).period).toMatchObject({ from: '2026-10-01', to: '2026-10-31', days: 31 });
    expect((await report({})).period).toMatchObject({ preset: 'today', from: '2026-11-02' });
  });

  it('refuses a period it cannot read or that is too long, with its code', async () => {
    const refused = async (query: string, status: number, code: string | undefined) => {
      const res = await request(t.url).get(`/api/reports?${query}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
      expect([res.status, res.body.code]).toEqual([status, code]);
      return res.body as { message: string };
    };
    expect((await refused('from=2026-11-02&to=2026-11-01', 400, 'INVALID_PERIOD')).message).toBe(
      'from (2026-11-02) is after to (2026-11-01).',
    );
    await refused('period=fortnight', 400, 'INVALID_PERIOD');
    await refused('from=2026-02-30', 400, 'INVALID_PERIOD');
    await refused('period=today&from=2026-11-01', 400, 'INVALID_PERIOD');
    expect(await refused('from=2025-01-01&to=2026-11-01', 422, 'PERIOD_TOO_LONG')).toMatchObject({ maxDays: 366 });
    await refused('from=2025-11-01&to=2026-11-01', 200, undefined); // 366 days
    await refused('from=2026-11-01&to=2026-11-01&color=red', 400, undefined);
    expect((await request(t.url).get('/api/reports')).status).toBe(401);
    expect((await request(t.url).get('/api/reports/workbook')).status).toBe(401);
  });

  it('downloads the same report as a workbook', async () => {
    const res = await request(t.url)
      .get('/api/reports/workbook?period=yesterday')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="report-2026-11-01.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Summary', 'By channel', 'Per hour', 'Busiest hours', 'Top dishes', 'Top options']);
    const summary = new Map<string, unknown>();
    book.getWorksheet('Summary')!.eachRow((row) => summary.set(row.getCell(1).text.trim(), row.getCell(2).value));
    expect(
      Object.fromEntries(
        ['Orders (not cancelled)', 'Gross sales', 'Refunds', 'Net sales', 'Average ticket', 'Cancelled orders', 'Phone calls'].map((k) => [
          k,
          summary.get(k),
        ]),
      ),
    ).toEqual({
      'Orders (not cancelled)': 4,
      'Gross sales': 107,
      Refunds: 5,
      'Net sales': 102,
      'Average ticket': 26.75,
      'Cancelled orders': 1,
      'Phone calls': 3,
    });
    const perHour = book.getWorksheet('Per hour')!;
    expect(perHour.rowCount).toBe(26);
    expect(perHour.getRow(3).values).toEqual([undefined, '1 AM EDT', '2026-11-01T01:00:00-04:00', 1, 35]);
    expect(book.getWorksheet('Top dishes')!.getRow(2).values).toEqual([undefined, 'Lemon Soda', 5, 35]);
  });

  it("serves the owner's dashboard the same figures, and not a staff account", async () => {
    const owner = await staffLogin(t.url, '10.9.0.1');
    const staff = await staffLogin(t.url, '10.9.0.2', STAFF_ACCOUNT);
    const viaDashboard = await request(t.url).get('/dashboard/api/reports?period=yesterday').set('Cookie', owner.cookie).expect(200);
    const viaApi = await report({ period: 'yesterday' });
    expect({ ...viaDashboard.body, generatedAt: null }).toEqual({ ...viaApi, generatedAt: null });
    await request(t.url).get('/dashboard/reports/workbook?period=yesterday').set('Cookie', owner.cookie).expect(200);
    const page = await request(t.url).get('/dashboard/reports').set('Cookie', owner.cookie).expect(200);
    expect(page.text).toContain('/dashboard/assets/vendor/chart.umd.min.js');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const chart = await request(t.url).get('/dashboard/assets/vendor/chart.umd.min.js').expect(200);
    expect(chart.headers['content-type']).toMatch(/javascript/);
    expect(chart.text).toContain('Chart');

    await request(t.url).get('/dashboard/api/reports').set('Cookie', staff.cookie).expect(403);
    await request(t.url).get('/dashboard/reports/workbook').set('Cookie', staff.cookie).expect(403);
    const refused = await request(t.url).get('/dashboard/reports').set('Cookie', staff.cookie).expect(403);
    expect(refused.text).toContain('Reports are for the owner');
    await request(t.url).get('/dashboard/reports').expect(303).expect('Location', '/dashboard/login');
  });
  it('reads a rolled-up day as it read the day live, and takes off what was cancelled or refunded after', async () => {
    const sunday = { from: '2026-11-01' };
    // The reports above (on Monday at 10 AM) rolled Sunday up: it closed at 1 AM. Forgotten, it is read live again
    // before 1 AM on Monday, from its orders.
    expect(await t.dataSource.query(`SELECT 1 AS n FROM report_rollup_days WHERE business_date = '2026-11-01'`)).toEqual([{ n: 1 }]);
    await t.dataSource.query(`DELETE FROM report_rollup_days WHERE business_date = '2026-11-01'`);
    clock.set('2026-11-02T05:30:00Z'); // Monday 00:30 EST
    const live = await report(sunday);
    expect(await t.dataSource.query(`SELECT 1 FROM report_rollup_days WHERE business_date = '2026-11-01'`)).toEqual([]);
    // Tuesday: Sunday is closed, and rolled up by the first report that reads it.
    clock.set('2026-11-03T15:00:00Z');
    const rolledUp = await report(sunday);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM report_day_hours WHERE business_date = '2026-11-01'`)).not.toEqual([
      { n: 0 },
    ]);
    const same = (r: Report) => ({ ...r, period: null, generatedAt: null });
    expect(same(rolledUp)).toEqual(same(live));
    expect(same(await report(sunday))).toEqual(same(rolledUp));
    expect(rolledUp.topDishes).toEqual([
      { name: 'Lemon Soda', quantity: 5, grossCents: 3_500 },
      { name: 'Margherita Pizza', quantity: 3, grossCents: 3_200 },
      { name: 'Caesar Salad', quantity: 3, grossCents: 2_100 },
    ]);
    expect(rolledUp.topOptions).toEqual([
      { group: 'Size', name: 'Large', quantity: 3, grossCents: 900 },
      { group: 'Toppings', name: 'Extra cheese', quantity: 2, grossCents: 300 },
    ]);
    const [{ id }] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM orders WHERE order_number = 'D-0005'`);
    await expectStatus(admin().PATCH('/api/orders/{id}/status', { params: { path: { id } }, body: { status: 'cancelled' } }), 200);
    expect(await t.dataSource.query(`SELECT business_date::text AS day FROM report_late_cancellations WHERE order_id = $1`, [id])).toEqual([
      { day: '2026-11-01' },
    ]);
    // A refund given on Tuesday for a Sunday order counts on Sunday, as if it had come before the rollup.
    await t.dataSource.query(`UPDATE orders SET refunded_cents = refunded_cents + 300 WHERE order_number = 'D-0004'`);
    const r = await report(sunday);
    expect(r.totals).toMatchObject({
      orders: 3,
      grossCents: 6_500,
      refundsCents: 800,
      netCents: 5_700,
      cancelledOrders: 2,
      cancelledCents: 5_700,
    });
    expect(r.series.reduce((n, hour) => n + hour.orders, 0)).toBe(3);
    expect(r.busiestHours.flat().reduce((n, c) => n + c, 0)).toBe(3);
    expect(r.topDishes).toEqual([
      { name: 'Margherita Pizza', quantity: 3, grossCents: 3_200 },
      { name: 'Caesar Salad', quantity: 2, grossCents: 1_400 },
      { name: 'Lemon Soda', quantity: 1, grossCents: 700 },
    ]);
    // Rolled up: Saturday and Sunday (read by the range report); Monday is closed too, but no report has read it.
    const days = (await t.dataSource.query<{ day: string }[]>(`SELECT business_date::text AS day FROM report_rollup_days`)).map(
      (r) => r.day,
    );
    expect(days).toEqual(expect.arrayContaining(['2026-10-31', '2026-11-01']));
    expect(days).not.toContain('2026-11-02');
    expect(days).not.toContain('2026-11-03');
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM report_day_dishes WHERE business_date = '2026-11-01'`)).toEqual([
      { n: 3 },
    ]);
    // An order of a day not rolled up is cancelled as usual: the day's orders say so when it is.
    const [monday] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM orders WHERE business_date = '2026-11-02'`);
    await expectStatus(
      admin().PATCH('/api/orders/{id}/status', { params: { path: { id: monday.id } }, body: { status: 'cancelled' } }),
      200,
    );
    expect(await t.dataSource.query(`SELECT order_id FROM report_late_cancellations`)).toEqual([{ order_id: id }]);
    expect((await report({ from: '2026-11-02' })).totals).toMatchObject({ orders: 0, cancelledOrders: 1 });
  });
});
