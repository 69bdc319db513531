import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A refund staff asked for: the provider is asked with its id, once it is written with the amount it reserves. */
export interface StaffRefundRow {
  id: string;
  orderId: string;
  amountCents: number;
  currency: string;
  paymentReference: string;
  reason: string;
  actor: string;
  attempts: number;
}

const COLUMNS = `id, order_id AS "orderId", amount_cents AS "amountCents", trim(currency) AS currency,
  payment_reference AS "paymentReference", reason, actor, attempts`;

/** `staff_refunds` (migration StaffRefunds): one row a refund staff give, pending until the provider answers. */
@Injectable()
export class StaffRefundsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether the order already has the refund a client asked for under `requestKey`. */
  async exists(tx: EntityManager, orderId: string, requestKey: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(`SELECT 1 FROM staff_refunds WHERE order_id = $1 AND request_key = $2`, [orderId, requestKey]);
    return rows.length > 0;
  }

  /** Writes the refund as pending, in the transaction that reserves its amount on the order. */
  async insert(tx: EntityManager, row: Omit<StaffRefundRow, 'attempts'>, requestKey: string | null): Promise<void> {
    await tx.query(
      `INSERT INTO staff_refunds (id, order_id, request_key, amount_cents, currency, payment_reference, reason, actor, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1)`,
      [row.id, row.orderId, requestKey, row.amountCents, row.currency, row.paymentReference, row.reason, row.actor],
    );
  }

  async markSucceeded(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE staff_refunds SET status = 'succeeded', updated_at = now() WHERE id = $1 AND status = 'pending'`, [
      id,
    ]);
  }

  /** Marks a pending refund failed, in the transaction that gives its amount back; false when it was not pending. */
  async markFailed(tx: EntityManager, id: string, error: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `WITH failed AS (
         UPDATE staff_refunds SET status = 'failed', last_error = $2, updated_at = now() WHERE id = $1 AND status = 'pending' RETURNING 1)
       SELECT 1 FROM failed`,
      [id, error.slice(0, 300)],
    );
    return rows.length > 0;
  }

  /**
   * Claims refunds left pending longer than `staleMs` (their process died before the provider's answer was written,
   * or the provider could not be reached): one attempt each, leased to this process by the new `updated_at`.
   */
  async claimStale(staleMs: number, limit: number): Promise<StaffRefundRow[]> {
    // In a WITH, so that the driver answers with the rows (an UPDATE's answer is [rows, count]).
    return this.dataSource.query(
      `WITH claimed AS (
         UPDATE staff_refunds SET attempts = attempts + 1, updated_at = now()
          WHERE id IN (SELECT id FROM staff_refunds
                        WHERE status = 'pending' AND updated_at < now() - $1::int * interval '1 millisecond'
                        ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING *)
       SELECT ${COLUMNS} FROM claimed`,
      [staleMs, limit],
    );
  }
}
