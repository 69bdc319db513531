// The kept benchmark database of past orders (`ros_bench_history_<N>` on 127.0.0.1:5432), shared by
// `npm run bench:history` and `npm run bench:reports`: migrated by the app's own migrations, seeded through SQL by
// seed-orders.ts (two years, ending yesterday), and a few old orders given a name no recent order has ("Grace
// Hopper"), so a search must find them far back. Seeded again when N or yesterday changed, or with reseed.
import pg from 'pg';
import { DataSource } from 'typeorm';
import { PG_ADMIN_URL } from './lib.mjs';
import { seedOrders } from './seed-orders.ts';
import { typeormOptions } from '../src/database/typeorm-options.ts';

/** A day relative to today in the zone (YYYY-MM-DD): 0 today, -1 yesterday. */
export const dayIn = (timezone, offsetDays) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(new Date(Date.now() + offsetDays * 86_400_000));

/** The kept history database, migrated and holding N seeded orders. */
export async function historyDatabase({ orders: N, timezone: TZ, reseed: RESEED = false }) {
  const name = `ros_bench_history_${N}`;
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  if (!(await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount) await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const dataSource = new DataSource(typeormOptions({ driver: 'postgres', url: url.toString(), poolSize: 2 }));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.query(
    `CREATE TABLE IF NOT EXISTS bench_seed (orders integer NOT NULL, last_day date NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now())`,
  );
  await dataSource.query(`ALTER TABLE bench_seed ADD COLUMN IF NOT EXISTS seeded_at timestamptz NOT NULL DEFAULT now()`);
  const [seeded] = await dataSource.query(`SELECT orders, last_day::text AS last_day FROM bench_seed`);
  if (!seeded || seeded.orders !== N || seeded.last_day !== dayIn(TZ, -1) || RESEED) {
    console.log(`${name}: seeding ${N.toLocaleString('en-US')} orders...`);
    const started = Date.now();
    await dataSource.query(
      `TRUNCATE orders, order_items, order_history, voice_calls, staff_refunds, report_rollup_days, bench_seed CASCADE`,
    );
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    await seedOrders((sql, params) => db.query(sql, params), {
      orders: N,
      days: 730,
      lastDay: dayIn(TZ, -1),
      timezone: TZ,
      progress: (n) => process.stdout.write(`  ${n.toLocaleString('en-US')} orders\r`),
    });
    // A customer who ordered only long ago: the search the issue found reading the whole table.
    await db.query(
      `UPDATE orders SET customer_name = 'Grace Hopper' WHERE id IN (SELECT id FROM orders ORDER BY created_at LIMIT 5 OFFSET 1000)`,
    );
    await db.query(`INSERT INTO bench_seed VALUES ($1, $2)`, [N, dayIn(TZ, -1)]);
    await db.query('VACUUM ANALYZE');
    await db.end();
    console.log(`seeded in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  // What an earlier run's intake placed goes: every run measures the same history (and today's board holds a day's
  // orders, not tens of thousands).
  await dataSource.query(`DELETE FROM orders WHERE created_at >= (SELECT seeded_at FROM bench_seed)`);
  await dataSource.query(`TRUNCATE idempotency_keys, slot_bookings`);
  const [sample] = await dataSource.query(
    `SELECT (SELECT id FROM orders ORDER BY created_at LIMIT 1 OFFSET 5000) AS old_id,
            (SELECT customer_phone FROM orders ORDER BY created_at DESC LIMIT 1) AS recent_phone,
            (SELECT split_part(delivery_address, ' ', 2) FROM orders WHERE delivery_address IS NOT NULL ORDER BY created_at LIMIT 1 OFFSET 7) AS street,
            (SELECT order_number FROM orders ORDER BY created_at LIMIT 1 OFFSET 20000) AS old_number,
            (SELECT call_id FROM voice_calls ORDER BY created_at LIMIT 1 OFFSET 3000) AS old_call,
            (SELECT business_date::text FROM orders ORDER BY created_at LIMIT 1 OFFSET 400000) AS old_day`,
  );
  await dataSource.destroy();
  return { name, url: url.toString(), sample };
}
