import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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
/** The orders of the period: by business day, which ix_orders_business_date answers (as the workbook groups them). */
const IN_PERIOD = 'o.business_date BETWEEN $1::date AND $2::date';
const SOLD = `${IN_PERIOD} AND o.status <> 'cancelled'`;
const TOP = 10;

/** Sums in SQL come back as bigint (a string from pg, a number or bigint from PGlite): cents fit a double exactly. */
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/**
 * The report's figures, each one aggregate query over the period's orders (or calls): nothing is loaded row by
 * row. Parameters: $1 first day, $2 last day, $3 the restaurant's zone; the calls query takes the period's
 * first instant and the instant after it.
 */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async groups(period: ReportPeriod): Promise<GroupTotals[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT o.channel, o.fulfillment,
              count(*) FILTER (WHERE o.status <> 'cancelled') AS orders,
              sum(o.total_cents) FILTER (WHERE o.status <> 'cancelled') AS gross,
              sum(o.subtotal_cents) FILTER (WHERE o.status <> 'cancelled') AS subtotal,
              sum(o.tax_cents) FILTER (WHERE o.status <> 'cancelled') AS tax,
              sum(o.delivery_fee_cents) FILTER (WHERE o.status <> 'cancelled') AS delivery_fee,
              sum(o.refunded_cents) FILTER (WHERE o.status <> 'cancelled') AS refunded,
              count(*) FILTER (WHERE o.status = 'cancelled') AS cancelled,
              sum(o.total_cents) FILTER (WHERE o.status = 'cancelled') AS cancelled_cents
         FROM orders o WHERE ${IN_PERIOD}
        GROUP BY o.channel, o.fulfillment`,
      [period.from, period.to],
    );
    return rows.map((r) => ({
      channel: String(r.channel),
      fulfillment: String(r.fulfillment),
      orders: num(r.orders),
      grossCents: num(r.gross),
      subtotalCents: num(r.subtotal),
      taxCents: num(r.tax),
      deliveryFeeCents: num(r.delivery_fee),
      refundedCents: num(r.refunded),
      cancelledOrders: num(r.cancelled),
      cancelledCents: num(r.cancelled_cents),
    }));
  }

  /** Orders and sales per hour (the hour's first instant, in the restaurant's zone) or per business day. */
  async series(period: ReportPeriod): Promise<BucketTotals[]> {
    const bucket = period.granularity === 'hour' ? `date_trunc('hour', ${ORDER_TIME}, $3)` : `o.business_date::text`;
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT ${bucket} AS bucket, count(*) AS orders, sum(o.total_cents) AS gross
         FROM orders o WHERE ${SOLD}
        GROUP BY 1`,
      period.granularity === 'hour' ? [period.from, period.to, period.timezone] : [period.from, period.to],
    );
    return rows.map((r) => ({
      bucket: period.granularity === 'hour' ? new Date(r.bucket as string | Date) : String(r.bucket),
      orders: num(r.orders),
      grossCents: num(r.gross),
    }));
  }

  /** Orders per weekday and hour of the restaurant's clock. */
  async weekHours(period: ReportPeriod): Promise<WeekHourCount[]> {
    const local = `(${ORDER_TIME} AT TIME ZONE $3)`;
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT extract(isodow FROM ${local}) AS weekday, extract(hour FROM ${local}) AS hour, count(*) AS orders
         FROM orders o WHERE ${SOLD}
        GROUP BY 1, 2`,
      [period.from, period.to, period.timezone],
    );
    return rows.map((r) => ({ weekday: num(r.weekday), hour: num(r.hour), orders: num(r.orders) }));
  }

  /** The most ordered dishes (portions), under the name they were last ordered by. */
  async topDishes(period: ReportPeriod): Promise<TopLine[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT max(i.name) AS name, sum(i.quantity) AS quantity, sum(i.line_total_cents) AS gross
         FROM orders o JOIN order_items i ON i.order_id = o.id
        WHERE ${SOLD}
        GROUP BY i.menu_item_id
        ORDER BY quantity DESC, gross DESC, name
        LIMIT ${TOP}`,
      [period.from, period.to],
    );
    return rows.map((r) => ({ name: String(r.name), quantity: num(r.quantity), grossCents: num(r.gross) }));
  }

  /** The most chosen options (portions that had them), with what they added to sales. */
  async topOptions(period: ReportPeriod): Promise<TopLine[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT c.value->>'group' AS grp, c.value->>'name' AS name, sum(i.quantity) AS quantity,
              sum(i.quantity * coalesce((c.value->>'priceDeltaCents')::int, 0)) AS gross
         FROM orders o JOIN order_items i ON i.order_id = o.id
              CROSS JOIN LATERAL jsonb_array_elements(i.options) c
        WHERE ${SOLD} AND i.options <> '[]'::jsonb
        GROUP BY 1, 2
        ORDER BY quantity DESC, gross DESC, grp, name
        LIMIT ${TOP}`,
      [period.from, period.to],
    );
    return rows.map((r) => ({ group: String(r.grp), name: String(r.name), quantity: num(r.quantity), grossCents: num(r.gross) }));
  }

  /** Phone calls that began in the period, those in which an order was placed, those put through to the restaurant. */
  async calls(period: ReportPeriod): Promise<CallTotals> {
    const [row] = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT count(*) AS calls,
              count(*) FILTER (WHERE order_placed_at IS NOT NULL) AS with_order,
              count(*) FILTER (WHERE forwarded_at IS NOT NULL) AS transferred
         FROM voice_calls WHERE created_at >= $1 AND created_at < $2`,
      [period.start, period.end],
    );
    return { calls: num(row?.calls), withOrder: num(row?.with_order), transferred: num(row?.transferred) };
  }
}
