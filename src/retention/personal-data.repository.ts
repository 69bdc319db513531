import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** Statuses after which nothing more happens to an order: only these lose their personal data. */
export const FINISHED_STATUSES = ['completed', 'cancelled'] as const;

/** What one anonymization touched, per kind (rows whose personal data was taken out). */
export interface ErasedCounts {
  orders: number;
  orderLines: number;
  historyNotes: number;
  texts: number;
  staffRefunds: number;
  idempotencyRecords: number;
  calls: number;
}

/** An order anonymized: its number (for the answer to an erasure) and its business day (its workbook is rebuilt). */
export interface AnonymizedOrder {
  orderNumber: string;
  businessDate: string;
}

/** One customer's orders, for an erasure (`lockCustomerOrders`). */
export interface CustomerOrder {
  id: string;
  orderNumber: string;
  status: string;
}

export const NO_ERASURE: ErasedCounts = {
  orders: 0,
  orderLines: 0,
  historyNotes: 0,
  texts: 0,
  staffRefunds: 0,
  idempotencyRecords: 0,
  calls: 0,
};

/**
 * Every statement that takes personal data out, over all the tables that hold it (README "Personal data and
 * retention" lists them, column by column). The one exception to "a module's tables are touched only by its own
 * repository": an order's personal data is spread over six tables of four modules, and it must go from all of
 * them in one transaction (an erasure answered "done" that left the texts behind would be a lie), in bounded
 * batches. Keeping the list of columns in one file is also what makes the audit reviewable.
 *
 * What stays: amounts, items and options, statuses, channel, fulfillment, zone, fee, distance, timestamps, payment
 * references, the history's kinds, actors (staff accounts, not customers) and times.
 */
@Injectable()
export class PersonalDataRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Claims the night: true for the one caller (across replicas) whose row this is. */
  async claimNight(night: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO retention_runs (night, started_at) VALUES ($1, $2) ON CONFLICT (night) DO NOTHING RETURNING night`,
      [night, at.toISOString()],
    );
    return rows.length === 1;
  }

  async isNightClaimed(night: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM retention_runs WHERE night = $1`, [night]);
    return rows.length === 1;
  }

  async finishNight(night: string, at: Date, done: { orders: number; calls: number; recordings: number }): Promise<void> {
    await this.dataSource.query(
      `UPDATE retention_runs SET finished_at = $2, orders_anonymized = $3, calls_anonymized = $4, recordings_cleared = $5 WHERE night = $1`,
      [night, at.toISOString(), done.orders, done.calls, done.recordings],
    );
  }

  /**
   * Up to `limit` finished orders placed before `cutoff` that still have their personal data, locked for this
   * transaction (`SKIP LOCKED`: an order being changed right now waits for the next batch or night).
   */
  async lockExpiredOrders(tx: EntityManager, cutoff: Date, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      `SELECT id FROM orders
        WHERE anonymized_at IS NULL AND created_at < $1 AND status = ANY($2::varchar[])
        ORDER BY created_at LIMIT $3
        FOR NO KEY UPDATE SKIP LOCKED`,
      [cutoff.toISOString(), FINISHED_STATUSES, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Orders placed before `cutoff` that still have personal data but are not finished (left alone; logged). */
  async countExpiredUnfinished(cutoff: Date): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM orders WHERE anonymized_at IS NULL AND created_at < $1 AND NOT (status = ANY($2::varchar[]))`,
      [cutoff.toISOString(), FINISHED_STATUSES],
    );
    return n;
  }

  /**
   * Every order with this phone number (not yet anonymized), locked until `tx` ends, oldest first. Found through
   * the reversed-number index (migration OrderSearch), the only index on the phone.
   */
  async lockCustomerOrders(tx: EntityManager, phone: string): Promise<CustomerOrder[]> {
    return tx.query(
      `SELECT id, order_number AS "orderNumber", status FROM orders
        WHERE reverse(customer_phone) = reverse($1::text) AND customer_phone = $1
        ORDER BY created_at, order_number
        FOR NO KEY UPDATE`,
      [phone],
    );
  }

  /**
   * Takes the personal data out of these (locked) orders and everything hanging off them: lines' and history notes,
   * texts, staff refund reasons, idempotency records (they hold the whole first answer), and the calls they were
   * placed in. Bumps each order's version, so the export rebuilds its day's workbook from the anonymized rows.
   */
  async anonymizeOrders(tx: EntityManager, ids: readonly string[], at: Date): Promise<{ counts: ErasedCounts; orders: AnonymizedOrder[] }> {
    if (ids.length === 0) return { counts: { ...NO_ERASURE }, orders: [] };
    const stamp = at.toISOString();
    const orders: (AnonymizedOrder & { voiceCallId: string | null })[] = await tx.query(
      `WITH changed AS (
         UPDATE orders SET customer_name = '', customer_phone = '', delivery_address = NULL, delivery_formatted_address = NULL,
                delivery_lat = NULL, delivery_lng = NULL, notes = NULL,
                anonymized_at = $2, version = version + 1, updated_at = $2
          WHERE id = ANY($1::uuid[]) AND anonymized_at IS NULL
          RETURNING order_number, to_char(business_date, 'YYYY-MM-DD') AS business_date, voice_call_id)
       SELECT order_number AS "orderNumber", business_date AS "businessDate", voice_call_id AS "voiceCallId" FROM changed
        ORDER BY order_number`,
      [ids, stamp],
    );
    const callIds = [...new Set(orders.map((o) => o.voiceCallId).filter((c): c is string => c !== null))];
    const counts: ErasedCounts = {
      orders: orders.length,
      orderLines: await count(tx, `UPDATE order_items SET notes = NULL WHERE order_id = ANY($1::uuid[]) AND notes IS NOT NULL`, [ids]),
      historyNotes: await count(tx, `UPDATE order_history SET note = NULL WHERE order_id = ANY($1::uuid[]) AND note IS NOT NULL`, [ids]),
      // A text not sent yet would go to an empty number: it is skipped instead.
      texts: await count(
        tx,
        `UPDATE outbound_messages SET to_phone = '', body = '',
                status = CASE WHEN status IN ('pending', 'sending') THEN 'skipped' ELSE status END,
                -- Twilio's messages can name the number ("The 'To' number +1415... is not a valid phone number").
                last_error = CASE WHEN status IN ('pending', 'sending') THEN 'Not sent: the customer''s data was erased'
                                  WHEN last_error IS NULL THEN NULL ELSE 'Removed with the customer''s data' END
          WHERE order_id = ANY($1::uuid[]) AND (to_phone <> '' OR body <> '')`,
        [ids],
      ),
      staffRefunds: await count(tx, `UPDATE staff_refunds SET reason = '' WHERE order_id = ANY($1::uuid[]) AND reason <> ''`, [ids]),
      idempotencyRecords: await count(tx, `DELETE FROM idempotency_keys WHERE order_id = ANY($1::uuid[])`, [ids]),
      calls: await this.anonymizeCalls(tx, `call_id = ANY($2::varchar[])`, [stamp, callIds]),
    };
    return { counts, orders: orders.map(({ orderNumber, businessDate }) => ({ orderNumber, businessDate })) };
  }

  /** Calls received before `cutoff` that still have personal data (calls with no order too), up to `limit`. */
  anonymizeExpiredCalls(tx: EntityManager, cutoff: Date, limit: number, at: Date): Promise<number> {
    return this.anonymizeCalls(
      tx,
      `id IN (SELECT id FROM voice_calls WHERE anonymized_at IS NULL AND created_at < $2 ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED)`,
      [at.toISOString(), cutoff.toISOString(), limit],
    );
  }

  /** Every call from this number, whatever its age. */
  anonymizeCallsFrom(tx: EntityManager, phone: string, at: Date): Promise<number> {
    return this.anonymizeCalls(tx, `customer_phone = $2`, [at.toISOString(), phone]);
  }

  /**
   * Recordings and transcripts of calls received before `cutoff`, up to `limit` calls: the call record (status,
   * reason, cost, times, its orders, the summary until the call's own retention) stays.
   */
  clearExpiredRecordings(tx: EntityManager, cutoff: Date, limit: number): Promise<number> {
    return count(
      tx,
      `UPDATE voice_calls SET transcript = NULL, recording_url = NULL, updated_at = now()
        WHERE id IN (SELECT id FROM voice_calls WHERE (transcript IS NOT NULL OR recording_url IS NOT NULL) AND created_at < $1
                      ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [cutoff.toISOString(), limit],
    );
  }

  /** `$1` is the time; `where` picks the calls with the parameters after it. */
  private anonymizeCalls(tx: EntityManager, where: string, params: unknown[]): Promise<number> {
    return count(
      tx,
      `UPDATE voice_calls SET transcript = NULL, recording_url = NULL, summary = NULL, customer_phone = NULL,
              anonymized_at = $1, updated_at = now()
        WHERE anonymized_at IS NULL AND ${where}`,
      params,
    );
  }
}

/** Runs a data-changing statement and answers how many rows it changed (in a WITH: the driver then answers rows). */
async function count(tx: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const [{ n }]: { n: number }[] = await tx.query(`WITH changed AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM changed`, params);
  return n;
}
