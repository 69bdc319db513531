import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reports' orders per closed business day, channel, fulfillment and hour (the hour the order is for, truncated
 * in the restaurant's zone), beside the dishes and options of ReportRollups: at five million orders a 30-day report
 * read 200,000 orders on every request. The sums include cancelled orders; a report takes off the closed days'
 * cancelled orders (`ix_orders_cancelled_day`) and reads their refunds as they are now (`ix_orders_refunded_day`: a
 * refund may come days later), both a few per cent of orders and never written when an order is placed, and both
 * holding what a report reads of them; the calls' index holds what a report counts of them.
 * The days rolled up before this table existed are forgotten, to be rolled up again, all three tables at once,
 * by the next report that reads them.
 */
export class ReportOrderRollups1765800000000 implements MigrationInterface {
  name = 'ReportOrderRollups1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE report_day_orders (
      business_date date NOT NULL REFERENCES report_rollup_days (business_date) ON DELETE CASCADE,
      channel varchar(16) NOT NULL,
      fulfillment varchar(16) NOT NULL,
      hour_start timestamptz NOT NULL,
      orders integer NOT NULL,
      gross_cents bigint NOT NULL,
      subtotal_cents bigint NOT NULL,
      tax_cents bigint NOT NULL,
      delivery_fee_cents bigint NOT NULL,
      PRIMARY KEY (business_date, channel, fulfillment, hour_start))`);
    await q.query(`DELETE FROM report_rollup_days`);
    // Both hold what a report reads of those orders, so it reads the index alone (an index-only scan), not one heap
    // page per order: the cancelled orders of 30 days are scattered over every page of those days.
    await q.query(`DROP INDEX ix_orders_cancelled_day`);
    await q.query(
      `CREATE INDEX ix_orders_cancelled_day ON orders (business_date)
       INCLUDE (id, channel, fulfillment, requested_time, created_at, total_cents, subtotal_cents, tax_cents, delivery_fee_cents)
       WHERE status = 'cancelled'`,
    );
    await q.query(
      `CREATE INDEX ix_orders_refunded_day ON orders (business_date) INCLUDE (channel, fulfillment, requested_time, created_at, refunded_cents)
       WHERE refunded_cents > 0 AND status <> 'cancelled'`,
    );
    // The report's calls of 30 days (80,000 at five million orders) from the index alone as well.
    await q.query(`DROP INDEX ix_voice_calls_created`);
    await q.query(`CREATE INDEX ix_voice_calls_created ON voice_calls (created_at DESC) INCLUDE (order_placed_at, forwarded_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_voice_calls_created`);
    await q.query(`CREATE INDEX ix_voice_calls_created ON voice_calls (created_at DESC)`);
    await q.query(`DROP INDEX ix_orders_refunded_day`);
    await q.query(`DROP INDEX ix_orders_cancelled_day`);
    await q.query(`CREATE INDEX ix_orders_cancelled_day ON orders (business_date) WHERE status = 'cancelled'`);
    await q.query(`DROP TABLE report_day_orders`);
  }
}
