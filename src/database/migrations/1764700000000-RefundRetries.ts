import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The refund a cancelled card order is owed, kept on the order so that it is written in the same transaction
 * as the cancel and survives restarts: its state, the attempts made, the last error and when the next attempt
 * is due (every API process sweeps the due ones, `FOR UPDATE SKIP LOCKED`). Refund changes join the history.
 *
 * Orders cancelled after paying by card before this release got one best-effort refund request whose outcome
 * was only logged: they are marked `pending`, so the sweep asks again. That is safe: the request carries the
 * same idempotency key as the first one (Stripe answers with the first refund for 24 hours) and a full refund
 * of an already refunded charge is refused by Stripe (`charge_already_refunded`, taken as success).
 */
export class RefundRetries1764700000000 implements MigrationInterface {
  name = 'RefundRetries1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders
      ADD COLUMN refund_status varchar(10),
      ADD COLUMN refund_attempts integer NOT NULL DEFAULT 0,
      ADD COLUMN refund_last_error varchar(300),
      ADD COLUMN refund_next_attempt_at timestamptz,
      ADD CONSTRAINT ck_orders_refund_status CHECK (refund_status IN ('pending','requested','retrying','failed','succeeded'))`);
    await q.query(`CREATE INDEX ix_orders_refund_due ON orders (refund_next_attempt_at) WHERE refund_status IN ('pending','retrying')`);
    await q.query(`CREATE INDEX ix_orders_refund_failed ON orders (updated_at) WHERE refund_status = 'failed'`);
    await q.query(`ALTER TABLE order_history DROP CONSTRAINT order_history_kind_check`);
    await q.query(`ALTER TABLE order_history ADD CONSTRAINT order_history_kind_check CHECK (kind IN ('status','payment','refund'))`);
    await q.query(`UPDATE orders SET refund_status = 'pending', refund_next_attempt_at = now()
                    WHERE status = 'cancelled' AND payment_status = 'paid' AND payment_method = 'card'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM order_history WHERE kind = 'refund'`);
    await q.query(`ALTER TABLE order_history DROP CONSTRAINT order_history_kind_check`);
    await q.query(`ALTER TABLE order_history ADD CONSTRAINT order_history_kind_check CHECK (kind IN ('status','payment'))`);
    await q.query(`DROP INDEX ix_orders_refund_failed`);
    await q.query(`DROP INDEX ix_orders_refund_due`);
    await q.query(`ALTER TABLE orders DROP CONSTRAINT ck_orders_refund_status,
      DROP COLUMN refund_next_attempt_at, DROP COLUMN refund_last_error, DROP COLUMN refund_attempts, DROP COLUMN refund_status`);
  }
}
