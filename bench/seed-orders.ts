// Past orders for the history and report benchmarks, written through SQL (not the API): `orders` orders over
// `days` days ending `lastDay`, between 11:00 and 22:00 in `timezone`, one line each (a pizza, a salad or a
// dessert; half the pizzas Large), with the mix a restaurant sees: 40 % by phone (each with its call), 40 % web,
// 20 % app; a quarter delivered; one in 31 cancelled (card ones refunded); one order in 97 partly refunded. Every
// order is already in its workbook (exported_version = version), so the export reconciler has no backlog.
// Customers repeat: 50,000 names and phones. The order number sequence is moved past the seeded numbers.

/** Runs one statement: a pg client's or PGlite's `query`. */
export type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

export interface SeedOptions {
  orders: number;
  days: number;
  /** The last day with orders, YYYY-MM-DD (in `timezone`). */
  lastDay: string;
  timezone: string;
  /** Orders per statement (default 100,000). */
  batch?: number;
  /** Called after each batch with the orders written so far. */
  progress?: (written: number) => void;
}

/** Dish ids, names and prices (cents) of the seeded lines. */
const DISHES = [
  ['00000000-0000-4000-8000-00000000d001', 'Margherita Pizza', 1450],
  ['00000000-0000-4000-8000-00000000d002', 'Caesar Salad', 1100],
  ['00000000-0000-4000-8000-00000000d003', 'Tiramisu', 750],
] as const;
const LARGE = JSON.stringify([{ optionId: '00000000-0000-4000-8000-00000000e001', group: 'Size', name: 'Large', priceDeltaCents: 300 }]);
const STREETS = ['Main St', 'Oak Ave', 'Pine St', 'Market St', 'Mission St', 'Valencia St', 'Harrison St', 'Folsom St'];

/** formatOrderNumber (src/orders/order-number.ts) in SQL: 1001 -> A-1001, 250000 -> AB-0000 (two letters from 240,000). */
const ORDER_NUMBER = `(CASE WHEN s / 10000 >= 24 THEN substr('ABCDEFGHJKLMNPQRSTUVWXYZ', ((s / 10000 / 24 - 1) % 24)::int + 1, 1) ELSE '' END
  || substr('ABCDEFGHJKLMNPQRSTUVWXYZ', ((s / 10000) % 24)::int + 1, 1) || '-' || lpad((s % 10000)::text, 4, '0'))`;

export async function seedOrders(query: Query, options: SeedOptions): Promise<void> {
  const batch = options.batch ?? 100_000;
  const dishes = `(ARRAY[${DISHES.map(([id]) => `'${id}'::uuid`).join(', ')}])`;
  const names = `(ARRAY[${DISHES.map(([, name]) => `'${name}'`).join(', ')}])`;
  const prices = `(ARRAY[${DISHES.map(([, , price]) => price).join(', ')}])`;
  const streets = `(ARRAY[${STREETS.map((s) => `'${s}'`).join(', ')}])`;
  for (let first = 1; first <= options.orders; first += batch) {
    const last = Math.min(options.orders, first + batch - 1);
    await query(
      `WITH s AS (
         SELECT g, 1000 + g AS s, gen_random_uuid() AS id,
                ($3::date - ($4::int - 1) + ((g - 1)::bigint * $4 / $5)::int) AS day,
                (g % 5) AS c, (g % 4 = 0) AS delivery, (g % 31 = 0) AS cancelled, (g % 3 <> 0) AS card,
                1 + (g % 3) AS dish, 1 + (g / 3 % 2) AS qty, (g % 3 = 1 AND g % 2 = 0) AS large
           FROM generate_series($1::int, $2::int) g),
       t AS (
         SELECT s.*, ((day + time '11:00' + ((g::bigint * 7919) % 660) * interval '1 minute') AT TIME ZONE $6) AS at,
                (${prices}[dish] + CASE WHEN large THEN 300 ELSE 0 END) * qty AS subtotal,
                CASE WHEN delivery THEN 399 ELSE 0 END AS fee
           FROM s),
       p AS (SELECT t.*, round((subtotal * 875) / 10000.0)::int AS tax FROM t),
       o AS (
         INSERT INTO orders (id, order_number, status, payment_status, payment_method, channel, fulfillment, customer_name,
                             customer_phone, delivery_address, delivery_formatted_address, delivery_lat, delivery_lng,
                             delivery_distance_meters, delivery_zone, subtotal_cents, delivery_fee_cents, tax_cents, total_cents,
                             refunded_cents, currency, payment_provider, voice_call_id, business_date, version, exported_version,
                             created_at, updated_at)
         SELECT id, ${ORDER_NUMBER},
                CASE WHEN cancelled THEN 'cancelled' ELSE 'completed' END,
                CASE WHEN cancelled AND card THEN 'refunded' WHEN cancelled THEN 'unpaid'
                     WHEN card AND g % 97 = 0 THEN 'partially_refunded' ELSE 'paid' END,
                CASE WHEN card THEN 'card' ELSE 'cash' END,
                CASE WHEN c < 2 THEN 'voice' WHEN c < 4 THEN 'web' ELSE 'mobile' END,
                CASE WHEN delivery THEN 'delivery' ELSE 'pickup' END,
                'Customer ' || (g % 50000),
                '+1415' || (5550000 + g % 50000),
                CASE WHEN delivery THEN (100 + g % 900) || ' ' || ${streets}[1 + (g / 4) % ${STREETS.length}] END,
                CASE WHEN delivery THEN (100 + g % 900) || ' ' || ${streets}[1 + (g / 4) % ${STREETS.length}] || ', San Francisco, CA 94110, USA' END,
                CASE WHEN delivery THEN 37.76 END, CASE WHEN delivery THEN -122.42 END,
                CASE WHEN delivery THEN 1500 + g % 3000 END, CASE WHEN delivery THEN 'Inner' END,
                subtotal, fee, tax, subtotal + fee + tax,
                CASE WHEN cancelled AND card THEN subtotal + fee + tax WHEN card AND g % 97 = 0 AND NOT cancelled THEN 500 ELSE 0 END,
                'USD', CASE WHEN card THEN 'mock' END,
                CASE WHEN c < 2 THEN 'bench-call-' || g END,
                day, 3, 3, at, at + interval '40 minutes'
           FROM p
         RETURNING id),
       i AS (
         INSERT INTO order_items (order_id, position, menu_item_id, name, unit_price_cents, quantity, line_total_cents, options)
         SELECT id, 0, ${dishes}[dish], ${names}[dish], subtotal / qty, qty, subtotal,
                CASE WHEN large THEN '${LARGE}'::jsonb ELSE '[]'::jsonb END
           FROM p)
       INSERT INTO voice_calls (call_id, status, ended_reason, summary, transcript, recording_url, customer_phone, started_at,
                                ended_at, order_placed_at, created_at, updated_at)
       SELECT 'bench-call-' || g, 'ended', 'customer-ended-call', 'Ordered for ' || CASE WHEN delivery THEN 'delivery' ELSE 'pickup' END,
              'AI: Thanks for calling, what can I get you? User: One ' || ${names}[dish] || ', please.',
              'https://storage.vapi.ai/bench-call-' || g || '.wav', '+1415' || (5550000 + g % 50000),
              at - interval '3 minutes', at + interval '1 minute', at, at - interval '3 minutes', at + interval '1 minute'
         FROM p WHERE c < 2`,
      [first, last, options.lastDay, options.days, options.orders, options.timezone],
    );
    options.progress?.(last);
  }
  await query(`SELECT setval('order_number_seq', $1::bigint)`, [1000 + options.orders]);
}
