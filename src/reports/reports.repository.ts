import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { PreparedQueries } from '@/database/prepared-queries.js';
import type { ReportPeriod } from './report-period.js';

/** Sums of one channel and fulfillment (cents; `orders` and the amounts leave cancelled orders out). */
export interface GroupTotals {
  channel: string;
  fulfillment: string;
  orders: number;
  grossCents: number;
  subtotalCents: number;
  taxCents: number;
  deliveryFeeCents: number;
  refundedCents: number;
  cancelledOrders: number;
  cancelledCents: number;
}

export interface BucketTotals {
  /** An hour's first instant (hourly series) or a business day, YYYY-MM-DD (daily series). */
  bucket: Date | string;
  orders: number;
  grossCents: number;
}

export interface WeekHourCount {
  /** ISO weekday: Monday 1 .. Sunday 7. */
  weekday: number;
  hour: number;
  orders: number;
}

export interface TopLine {
  group?: string;
  name: string;
  quantity: number;
  grossCents: number;
}

export interface CallTotals {
  calls: number;
  withOrder: number;
  transferred: number;
}

/** When an order is for: the time asked for (a pre-order), else when it was placed. */
const ORDER_TIME = 'coalesce(o.requested_time, o.created_at)';
const TOP = 10;

/** Sums in SQL come back as bigint (a string from pg, a number or bigint from PGlite): cents fit a double exactly. */
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/**
 * The report's figures in aggregate queries (the orders, their lines, the calls): nothing is loaded row by row.
 *
 * A business day is **closed** from 1 AM the day after, restaurant time: no order is placed for it any more (one
 * begun a moment before midnight commits seconds after it, with a card payment started first). The first report
 * that reads a closed day rolls it up once (migrations ReportRollups and ReportOrderRollups): its sales (orders not
 * cancelled) and cancellations per channel and fulfillment, its sales per hour, its sold lines per dish and option,
 * its calls.
 * An order of the day cancelled after that is listed in `report_late_cancellations` by the cancelling transaction
 * (OrdersRepository.noteLateCancellation) and taken off here; refunds are read as they are now (a refund may come
 * days later) from `ix_orders_refunded_day`. Open days (today, and yesterday before 1 AM) are read from the orders.
 */
@Injectable()
export class ReportsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly prepared: PreparedQueries,
  ) {}

  /**
   * Rolls up the period's closed days that are not yet and answers the last of them: the day before the period
   * when none of it is closed. Each day is claimed by its row in report_rollup_days in the transaction that writes
   * its sums, so two replicas asking at once write it once (the second waits for the first's claim, then finds it
   * taken and reads what it wrote).
   */
  async closeDays(period: ReportPeriod, now: Date): Promise<string> {
    const lastClosed = DateTime.fromJSDate(now, { zone: period.timezone }).minus({ hours: 1 }).minus({ days: 1 }).toISODate()!;
    const closedTo = period.to < lastClosed ? period.to : lastClosed;
    if (closedTo < period.from) return DateTime.fromISO(period.from).minus({ days: 1 }).toISODate()!;
    const missing = await this.dataSource.query<{ day: string }[]>(
      `SELECT d::date::text AS day FROM generate_series($1::date, $2::date, interval '1 day') d
        WHERE NOT EXISTS (SELECT 1 FROM report_rollup_days r WHERE r.business_date = d::date)`,
      [period.from, closedTo],
    );
    if (missing.length > 0)
      await this.rollUp(
        missing.map((r) => r.day),
        period.timezone,
      );
    return closedTo;
  }

  private async rollUp(missing: string[], timezone: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const claimed = await m.query<{ day: string }[]>(
        `INSERT INTO report_rollup_days (business_date) SELECT unnest($1::date[]) ON CONFLICT DO NOTHING RETURNING business_date::text AS day`,
        [missing],
      );
      if (claimed.length === 0) return;
      const days = claimed.map((r) => r.day);
      // A cancellation in flight (it holds its order's row lock) is waited for and then seen by the sums below; one
      // that comes later waits for this transaction, then finds the day rolled up and lists itself as late.
      await m.query(`SELECT 1 FROM orders WHERE business_date = ANY($1::date[]) AND status NOT IN ('completed', 'cancelled') FOR SHARE`, [
        days,
      ]);
      await m.query(
        `INSERT INTO report_day_sales (business_date, channel, fulfillment, orders, gross_cents, subtotal_cents, tax_cents,
                                       delivery_fee_cents, cancelled, cancelled_cents)
         SELECT o.business_date, o.channel, o.fulfillment,
                count(*) FILTER (WHERE o.status <> 'cancelled'), coalesce(sum(o.total_cents) FILTER (WHERE o.status <> 'cancelled'), 0),
                coalesce(sum(o.subtotal_cents) FILTER (WHERE o.status <> 'cancelled'), 0),
                coalesce(sum(o.tax_cents) FILTER (WHERE o.status <> 'cancelled'), 0),
                coalesce(sum(o.delivery_fee_cents) FILTER (WHERE o.status <> 'cancelled'), 0),
                count(*) FILTER (WHERE o.status = 'cancelled'), coalesce(sum(o.total_cents) FILTER (WHERE o.status = 'cancelled'), 0)
           FROM orders o
          WHERE o.business_date = ANY($1::date[])
          GROUP BY 1, 2, 3`,
        [days],
      );
      await m.query(
        `INSERT INTO report_day_hours (business_date, hour_start, weekday, hour, orders, gross_cents)
         SELECT business_date, at, extract(isodow FROM at AT TIME ZONE $2), extract(hour FROM at AT TIME ZONE $2), count(*), sum(total_cents)
           FROM (SELECT o.business_date, date_trunc('hour', ${ORDER_TIME}, $2) AS at, o.total_cents
                   FROM orders o WHERE o.business_date = ANY($1::date[]) AND o.status <> 'cancelled') o
          GROUP BY 1, 2`,
        [days, timezone],
      );
      await m.query(
        `INSERT INTO report_day_dishes (business_date, menu_item_id, name, quantity, gross_cents)
         SELECT o.business_date, i.menu_item_id, max(i.name), sum(i.quantity), sum(i.line_total_cents)
           FROM orders o JOIN order_items i ON i.order_id = o.id
          WHERE o.business_date = ANY($1::date[]) AND o.status <> 'cancelled'
          GROUP BY o.business_date, i.menu_item_id`,
        [days],
      );
      await m.query(
        `INSERT INTO report_day_options (business_date, group_name, name, quantity, gross_cents)
         SELECT o.business_date, c.value->>'group', c.value->>'name', sum(i.quantity),
                sum(i.quantity * coalesce((c.value->>'priceDeltaCents')::int, 0))
           FROM orders o JOIN order_items i ON i.order_id = o.id CROSS JOIN LATERAL jsonb_array_elements(i.options) c
          WHERE o.business_date = ANY($1::date[]) AND o.status <> 'cancelled' AND i.options <> '[]'::jsonb
          GROUP BY 1, 2, 3`,
        [days],
      );
      // The calls that began on each day, in the restaurant's zone (the days claimed may have gaps between them).
      await m.query(
        `INSERT INTO report_day_calls (business_date, calls, with_order, transferred)
         SELECT d.day, count(c.call_id), count(c.order_placed_at), count(c.forwarded_at)
           FROM unnest($1::date[]) AS d(day)
           LEFT JOIN voice_calls c ON c.created_at >= d.day::timestamp AT TIME ZONE $2
                                  AND c.created_at < (d.day + 1)::timestamp AT TIME ZONE $2
          GROUP BY d.day`,
        [days, timezone],
      );
    });
  }

  /**
   * Totals per channel and fulfillment, per hour or day, and per weekday and hour, in one statement: the closed
   * days' rollup, their orders cancelled since (off the sales, counted as cancelled) and their refunds as they are
   * now, and the open days' orders. `closedTo` is what closeDays answered.
   */
  async orderFigures(
    period: ReportPeriod,
    closedTo: string,
  ): Promise<{ groups: GroupTotals[]; series: BucketTotals[]; weekHours: WeekHourCount[] }> {
    const hourly = period.granularity === 'hour';
    // $1..$2: the period; $3: the zone; $4: its last closed day. `placed`, the orders read once: the closed days' orders
    // cancelled since their rollup (sign -1: off the sales, counted as cancelled) and the open days' orders.
    // Prepared (planned once per connection): planning these statements cost as much as running them.
    const rows = await this.prepared.query(
      hourly ? 'report-orders-hourly' : 'report-orders-daily',
      `WITH placed AS MATERIALIZED (
         SELECT o.business_date, o.channel, o.fulfillment, date_trunc('hour', ${ORDER_TIME}, $3) AS hour_start,
                CASE WHEN o.status <> 'cancelled' THEN 1 ELSE 0 END AS sold, 1 AS sign, o.total_cents, o.subtotal_cents, o.tax_cents,
                o.delivery_fee_cents, o.refunded_cents
           FROM orders o WHERE o.business_date > $4::date AND o.business_date BETWEEN $1::date AND $2::date
         UNION ALL
         SELECT o.business_date, o.channel, o.fulfillment, date_trunc('hour', ${ORDER_TIME}, $3), 1, -1, o.total_cents, o.subtotal_cents,
                o.tax_cents, o.delivery_fee_cents, 0
           FROM report_late_cancellations l JOIN orders o ON o.id = l.order_id
          WHERE l.business_date BETWEEN $1::date AND $4::date),
       sales AS (
         SELECT channel, fulfillment, orders, gross_cents, subtotal_cents, tax_cents, delivery_fee_cents, 0 AS refunded, cancelled,
                cancelled_cents
           FROM report_day_sales WHERE business_date BETWEEN $1::date AND $4::date
         UNION ALL
         -- Refunds as they are now, which count in these totals alone (the charts show orders and sales).
         SELECT o.channel, o.fulfillment, 0, 0, 0, 0, 0, sum(o.refunded_cents), 0, 0
           FROM orders o WHERE o.business_date BETWEEN $1::date AND $4::date AND o.refunded_cents > 0 AND o.status <> 'cancelled'
          GROUP BY o.channel, o.fulfillment
         UNION ALL
         SELECT channel, fulfillment, sign * sold, sign * sold * total_cents, sign * sold * subtotal_cents, sign * sold * tax_cents,
                sign * sold * delivery_fee_cents, sold * refunded_cents, 1 - sold + (1 - sign) / 2, (1 - sold + (1 - sign) / 2) * total_cents
           FROM placed),
       hours AS (
         SELECT business_date, hour_start, weekday, hour, orders, gross_cents FROM report_day_hours
          WHERE business_date BETWEEN $1::date AND $4::date
         UNION ALL
         SELECT business_date, hour_start, extract(isodow FROM hour_start AT TIME ZONE $3), extract(hour FROM hour_start AT TIME ZONE $3),
                sign * sold, sign * sold * total_cents
           FROM placed)
       SELECT 'group' AS kind, channel, fulfillment, NULL::${hourly ? 'timestamptz' : 'text'} AS bucket, NULL::numeric AS weekday,
              NULL::numeric AS hour,
              sum(orders) AS orders, sum(gross_cents) AS gross, sum(subtotal_cents) AS subtotal, sum(tax_cents) AS tax,
              sum(delivery_fee_cents) AS delivery_fee, sum(refunded) AS refunded, sum(cancelled) AS cancelled,
              sum(cancelled_cents) AS cancelled_cents
         FROM sales GROUP BY channel, fulfillment
       UNION ALL
       SELECT 'bucket', NULL, NULL, ${hourly ? 'hour_start' : 'business_date::text'}, NULL, NULL, sum(orders), sum(gross_cents),
              NULL, NULL, NULL, NULL, NULL, NULL
         FROM hours GROUP BY 4
       UNION ALL
       SELECT 'weekHour', NULL, NULL, NULL, weekday, hour, sum(orders), NULL, NULL, NULL, NULL, NULL, NULL, NULL
         FROM hours GROUP BY weekday, hour`,
      [period.from, period.to, period.timezone, closedTo],
    );
    const groups: GroupTotals[] = [];
    const series: BucketTotals[] = [];
    const weekHours: WeekHourCount[] = [];
    for (const r of rows) {
      const orders = num(r.orders);
      if (r.kind === 'group') {
        groups.push({
          channel: String(r.channel),
          fulfillment: String(r.fulfillment),
          orders,
          grossCents: num(r.gross),
          subtotalCents: num(r.subtotal),
          taxCents: num(r.tax),
          deliveryFeeCents: num(r.delivery_fee),
          refundedCents: num(r.refunded),
          cancelledOrders: num(r.cancelled),
          cancelledCents: num(r.cancelled_cents),
        });
      } else if (orders === 0) {
        continue; // an hour or day with cancelled orders only
      } else if (r.kind === 'bucket') {
        series.push({ bucket: hourly ? new Date(r.bucket as string | Date) : String(r.bucket), orders, grossCents: num(r.gross) });
      } else {
        weekHours.push({ weekday: num(r.weekday), hour: num(r.hour), orders });
      }
    }
    return { groups, series, weekHours };
  }

  /**
   * The most ordered dishes and the most chosen options (the portions that had them, with what they added) of the
   * orders not cancelled: the closed days' rollup less the lines of their orders cancelled since, and the open days' lines.
   */
  async lineFigures(period: ReportPeriod, closedTo: string): Promise<{ dishes: TopLine[]; options: TopLine[] }> {
    // $1..$2: the period; $3: its last closed day (before $1 when none is closed).
    const rows = await this.prepared.query(
      'report-lines',
      `WITH live AS MATERIALIZED (
         -- The lines of the period's open days (sign 1), and of its closed days' orders cancelled since (sign -1).
         SELECT i.menu_item_id, i.name, i.quantity, i.line_total_cents, i.options, 1 AS sign
           FROM orders o JOIN order_items i ON i.order_id = o.id
          WHERE o.business_date > $3::date AND o.business_date BETWEEN $1::date AND $2::date AND o.status <> 'cancelled'
         UNION ALL
         SELECT i.menu_item_id, i.name, i.quantity, i.line_total_cents, i.options, -1
           FROM report_late_cancellations l JOIN order_items i ON i.order_id = l.order_id
          WHERE l.business_date BETWEEN $1::date AND $3::date),
       dish_rows AS (
         SELECT menu_item_id, name, quantity, gross_cents FROM report_day_dishes WHERE business_date BETWEEN $1::date AND $3::date
         UNION ALL
         SELECT menu_item_id, name, sign * quantity, sign * line_total_cents FROM live),
       option_rows AS (
         SELECT group_name, name, quantity, gross_cents FROM report_day_options WHERE business_date BETWEEN $1::date AND $3::date
         UNION ALL
         SELECT c.value->>'group', c.value->>'name', sign * quantity, sign * quantity * coalesce((c.value->>'priceDeltaCents')::int, 0)
           FROM live CROSS JOIN LATERAL jsonb_array_elements(live.options) c
          WHERE live.options <> '[]'::jsonb),
       dishes AS (
         SELECT 'dish' AS kind, NULL AS grp, max(name) AS name, sum(quantity) AS quantity, sum(gross_cents) AS gross
           FROM dish_rows GROUP BY menu_item_id HAVING sum(quantity) > 0
          ORDER BY quantity DESC, gross DESC, name LIMIT ${TOP}),
       options AS (
         SELECT 'option' AS kind, group_name AS grp, name, sum(quantity) AS quantity, sum(gross_cents) AS gross
           FROM option_rows GROUP BY group_name, name HAVING sum(quantity) > 0
          ORDER BY quantity DESC, gross DESC, grp, name LIMIT ${TOP})
       SELECT * FROM dishes UNION ALL SELECT * FROM options`,
      [period.from, period.to, closedTo],
    );
    // UNION ALL keeps each part's order.
    const line = (r: Record<string, unknown>): TopLine => ({
      ...(r.kind === 'option' && { group: String(r.grp) }),
      name: String(r.name),
      quantity: num(r.quantity),
      grossCents: num(r.gross),
    });
    return { dishes: rows.filter((r) => r.kind === 'dish').map(line), options: rows.filter((r) => r.kind === 'option').map(line) };
  }

  /**
   * Phone calls that began in the period, those in which an order was placed, those put through to the restaurant:
   * the closed days' from their rollup, the rest from the calls themselves.
   */
  async calls(period: ReportPeriod, closedTo: string): Promise<CallTotals> {
    const liveFrom =
      closedTo < period.from ? period.start : DateTime.fromISO(closedTo, { zone: period.timezone }).plus({ days: 1 }).toJSDate();
    const [row] = await this.prepared.query(
      'report-calls',
      `SELECT sum(calls) AS calls, sum(with_order) AS with_order, sum(transferred) AS transferred
         FROM (SELECT calls, with_order, transferred FROM report_day_calls WHERE business_date BETWEEN $1::date AND $2::date
               UNION ALL
               SELECT count(*), count(*) FILTER (WHERE order_placed_at IS NOT NULL), count(*) FILTER (WHERE forwarded_at IS NOT NULL)
                 FROM voice_calls WHERE created_at >= $3 AND created_at < $4) c`,
      [period.from, closedTo, liveFrom, period.end],
    );
    return { calls: num(row?.calls), withOrder: num(row?.with_order), transferred: num(row?.transferred) };
  }
}
