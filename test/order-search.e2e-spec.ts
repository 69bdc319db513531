import { DataSource } from 'typeorm';
import { normalizeOrderNumber } from '@/orders/order-number.js';
import { OrdersRepository } from '@/orders/orders.repository.js';
import { api, expectStatus, type ApiSchema } from './support/api.js';
import { placeOrder } from './support/dashboard.js';
import { addressAtKm } from './support/geo-points.js';
import { testDatabaseKind } from './support/databases.js';
import { createTestApp, TestApp } from './support/test-app.js';

/** Past orders to search among: enough that reading the whole table would show in the plan, cheap enough for PGlite. */
const PAST_ORDERS = 20_000;

/**
 * `count` copies of the order `templateId`, placed one a minute further back in time each, with their own number,
 * name ("Past Customer <n>"), one shared phone and no address: history written through SQL, as `npm run bench:history` does.
 */
async function seedPastOrders(dataSource: DataSource, templateId: string, count: number): Promise<void> {
  const columns = (
    await dataSource.query<{ column_name: string }[]>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'orders' AND table_schema = current_schema() ORDER BY ordinal_position`,
    )
  ).map((c) => c.column_name);
  const overrides: Record<string, string> = {
    id: 'gen_random_uuid()',
    order_number: `chr(80 + g / 10000) || '-' || lpad((g % 10000)::text, 4, '0')`, // P-0001 ... R-0000
    customer_name: `'Past Customer ' || g`,
    // One number for all, with the digits of order number P-7777: typed as an order number, they are not a phone's.
    customer_phone: `'+13125557777'`,
    delivery_address: 'NULL',
    delivery_formatted_address: 'NULL',
    created_at: `o.created_at - g * interval '1 minute'`,
    updated_at: `o.created_at - g * interval '1 minute'`,
    business_date: `(o.created_at - g * interval '1 minute')::date`,
    voice_call_id: 'NULL',
    payment_reference: 'NULL',
  };
  const select = columns.map((c) => overrides[c] ?? `o.${c}`).join(', ');
  await dataSource.query(
    `INSERT INTO orders (${columns.join(', ')}) SELECT ${select} FROM orders o, generate_series(1, $2) g WHERE o.id = $1`,
    [templateId, count],
  );
  // VACUUM as autovacuum would by now: it also moves the GIN indexes' pending entries into the index proper,
  // without which the planner prices an index scan high and the plan depends on whether autovacuum came by.
  await dataSource.query('VACUUM ANALYZE orders');
}

describe('Order search: any part of a name, phone or address, and the order number', () => {
  let t: TestApp;
  let ada: ApiSchema<'OrderDto'>;
  let grace: ApiSchema<'OrderDto'>;
  let delivery: ApiSchema<'OrderDto'>;
  const admin = () => api(t.url, { admin: true });
  const search = async (q: string) =>
    (await expectStatus(admin().GET('/api/orders', { params: { query: { q, limit: 100 } } }), 200)).items.map((o) => o.id);

  beforeAll(async () => {
    t = await createTestApp();
    grace = await placeOrder(t.url, { customerName: 'Grace Hopper', customerPhone: '+12065550142' });
    await seedPastOrders(t.dataSource, grace.id, PAST_ORDERS);
    ada = await placeOrder(t.url, { customerName: 'Ada Lovelace', customerPhone: '+14155550199', channel: 'mobile' });
    delivery = await placeOrder(t.url, {
      customerName: 'Alan Turing',
      customerPhone: '+12065550123',
      fulfillment: 'delivery',
      deliveryAddress: addressAtKm(1, '1912 Pike Place'),
    });
  });
  afterAll(() => t.close());

  it('finds an order by its number, by any part of the name (any case), phone or address', async () => {
    expect(await search(ada.orderNumber)).toEqual([ada.id]);
    expect(await search('ovela')).toEqual([ada.id]);
    expect(await search('ADA LOVE')).toEqual([ada.id]);
    expect(await search('5550199')).toEqual([ada.id]);
    expect(await search('(415) 555-0199')).toEqual([ada.id]);
    expect(await search('pike place')).toEqual([delivery.id]);
    expect(await search('1912 Pik')).toEqual([delivery.id]);
    expect(await search('Nobody Atall')).toEqual([]);
  });

  it('finds an old order among thousands, and lists every match newest first', async () => {
    expect(await search('Past Customer 19999')).toEqual([expect.any(String)]);
    const [oldest] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM orders WHERE order_number = 'R-0000'`);
    expect(await search('r0000')).toEqual([oldest.id]); // typed the way people do
    // That order alone, not the 20,000 whose phone has its digits.
    const [p7777] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM orders WHERE order_number = 'P-7777'`);
    expect(await search('P-7777')).toEqual([p7777.id]);
    expect(await search('7777')).toHaveLength(100);
    // "Past Customer 1234" is also 12340..12349: eleven orders, the newest (smallest g) first.
    const ids = await search('Past Customer 1234');
    const expected = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM orders WHERE customer_name ILIKE '%Past Customer 1234%' ORDER BY created_at DESC, id DESC`,
    );
    expect(ids).toEqual(expected.map((r) => r.id));
    expect(ids).toHaveLength(11);
  });

  it('answers what the old unindexed conditions answered: any part of a name, of a number up to six digits, an order number', async () => {
    for (const q of ['grace', 'Hopper', '0142', '206555', 'Customer 777', ada.orderNumber.toLowerCase()]) {
      // An order number's digits are not searched in phones.
      const digits = normalizeOrderNumber(q) ? '' : q.replace(/\D/g, '');
      const rows = await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM orders WHERE customer_name ILIKE $1 OR (length($2) >= 3 AND customer_phone LIKE '%' || $2 || '%') OR order_number = upper($3)
         ORDER BY created_at DESC, id DESC LIMIT 100`,
        [`%${q}%`, digits, q],
      );
      expect(await search(q)).toEqual(rows.map((r) => r.id));
    }
  });

  it('pages a word found in thousands of orders newest first, the same whether the newest orders or the indexes answer', async () => {
    // Every past order matches: the newest orders fill the page, the index is not read.
    const expected = async (pattern: string, status?: string) =>
      (
        await t.dataSource.query<{ id: string }[]>(
          `SELECT id FROM orders WHERE customer_name ILIKE $1 AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC, id DESC LIMIT 100`,
          [pattern, status ?? null],
        )
      ).map((r) => r.id);
    expect(await search('Past Customer')).toEqual(await expected('%Past Customer%'));
    // Page two goes on from the cursor, past the first page.
    const first = await expectStatus(admin().GET('/api/orders', { params: { query: { q: 'past customer', limit: 50 } } }), 200);
    const second = await expectStatus(
      admin().GET('/api/orders', { params: { query: { q: 'past customer', limit: 50, cursor: first.nextCursor! } } }),
      200,
    );
    expect([...first.items, ...second.items].map((o) => o.id)).toEqual(await expected('%Past Customer%'));
    // With a filter no recent order meets, the indexes answer.
    expect(
      (
        await expectStatus(
          admin().GET('/api/orders', { params: { query: { q: 'Past Customer 1', status: ['cancelled'], limit: 100 } } }),
          200,
        )
      ).items,
    ).toEqual([]);
  });

  it('finds seven digits or more at the end of a number: the whole number, without its country code, or its last digits', async () => {
    for (const q of ['+14155550199', '1 415 555 0199', '(415) 555-0199', '5550199']) expect(await search(q)).toEqual([ada.id]);
    expect(await search('4155550')).toEqual([]); // the middle of a number: type fewer digits, or its end
  });

  const onPostgres = testDatabaseKind() === 'postgres' ? it : it.skip;
  onPostgres('reads the trigram indexes, not the whole table (EXPLAIN of the query the API runs)', async () => {
    const plan = async (q: string) => {
      const [sql, params] = t.app.get(OrdersRepository).pageQuery({ q, limit: 20 }).getQueryAndParameters();
      const rows = await t.dataSource.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${sql}`, params);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    };
    for (const q of ['Grace Hopper', 'Lovelace', '0199', '555-0199', ada.orderNumber])
      expect(await plan(q)).not.toMatch(/Seq Scan on orders/);
    for (const q of ['Grace Hopper', 'Lovelace', '0199']) expect(await plan(q)).toMatch(/ix_orders_name_trgm/);
    // A phone number or an order number reads its own index only.
    expect(await plan('555-0199')).toMatch(/ix_orders_phone_suffix/);
    expect(await plan('555-0199')).not.toMatch(/trgm/);
    expect(await plan(ada.orderNumber)).not.toMatch(/trgm/);
    expect(await plan('0199')).toMatch(/ix_orders_phone_trgm/);
    expect(await plan('Pike Place')).toMatch(/ix_orders_address_trgm/);
  });
});
