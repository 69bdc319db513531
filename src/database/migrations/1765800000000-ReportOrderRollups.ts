import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * More of a closed business day rolled up for the reports, beside the dishes and options of ReportRollups: its sales
 * and cancellations per channel and fulfillment, its sales per hour (the hour the orders were for, cut in the
 * restaurant's zone, with its weekday and hour on the restaurant's clock), and its calls. At five million orders a
 * 30-day report read 200,000 orders and 80,000 calls on every request.
 *
 * What a rollup holds is the day as it was when it was made: sales leave out the orders cancelled by then. An order of
 * a rolled-up day cancelled later is listed in `report_late_cancellations`, in the transaction that cancels it, and a
 * report takes it off (a few rows, where a report used to read every cancelled order of the period and its lines).
 * The rollup takes a share lock on the day's orders still in progress before it sums, so a cancellation is either
 * seen by the rollup or finds the rollup made, never neither. Refunds are read as they are now (a refund may come
 * days later) from `ix_orders_refunded_day`, which holds what a report needs of them.
 *
 * The days rolled up before (dishes and options with their cancelled orders' lines in) are forgotten, to be rolled
 * up again by the next report that reads them; `ix_orders_cancelled_day` is no longer read.
 */
export class ReportOrderRollups1765800000000 implements MigrationInterface {
  name = 'ReportOrderRollups1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM report_rollup_days`);
    // Per channel and fulfillment: what the totals read. Per hour (sales only): what the charts read. Two small
    // tables rather than one per channel, fulfillment and hour, four times the rows for a report to add up.
    await q.query(`CREATE TABLE report_day_sales (
      business_date date NOT NULL REFERENCES report_rollup_days (business_date) ON DELETE CASCADE,
      channel varchar(16) NOT NULL,
      fulfillment varchar(16) NOT NULL,
      orders integer NOT NULL,
      gross_cents bigint NOT NULL,
      subtotal_cents bigint NOT NULL,
      tax_cents bigint NOT NULL,
      delivery_fee_cents bigint NOT NULL,
      cancelled integer NOT NULL,
      cancelled_cents bigint NOT NULL,
      PRIMARY KEY (business_date, channel, fulfillment))`);
    await q.query(`CREATE TABLE report_day_hours (
      business_date date NOT NULL REFERENCES report_rollup_days (business_date) ON DELETE CASCADE,
      hour_start timestamptz NOT NULL,
      weekday smallint NOT NULL,
      hour smallint NOT NULL,
      orders integer NOT NULL,
      gross_cents bigint NOT NULL,
      PRIMARY KEY (business_date, hour_start))`);
    await q.query(`CREATE TABLE report_day_calls (
      business_date date PRIMARY KEY REFERENCES report_rollup_days (business_date) ON DELETE CASCADE,
      calls integer NOT NULL,
      with_order integer NOT NULL,
      transferred integer NOT NULL)`);
    await q.query(`CREATE TABLE report_late_cancellations (
      order_id uuid PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
      business_date date NOT NULL REFERENCES report_rollup_days (business_date) ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX ix_report_late_cancellations_day ON report_late_cancellations (business_date)`);
    await q.query(`DROP INDEX ix_orders_cancelled_day`);
    await q.query(
      `CREATE INDEX ix_orders_refunded_day ON orders (business_date) INCLUDE (channel, fulfillment, requested_time, created_at, refunded_cents)
       WHERE refunded_cents > 0 AND status <> 'cancelled'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_orders_refunded_day`);
    await q.query(`CREATE INDEX ix_orders_cancelled_day ON orders (business_date) WHERE status = 'cancelled'`);
    await q.query(`DROP TABLE report_late_cancellations`);
    await q.query(`DROP TABLE report_day_calls`);
    await q.query(`DROP TABLE report_day_hours`);
    await q.query(`DROP TABLE report_day_sales`);
    await q.query(`DELETE FROM report_rollup_days`);
  }
}
