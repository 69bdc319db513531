import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention of personal data (README "Personal data and retention"). `anonymized_at` marks an order or a call whose
 * personal data is gone (the nightly job, or an erasure on request), so it is done once and shown as such; the
 * partial indexes hold only the rows the nightly job still has to look at, so its scans stay small however many
 * anonymized rows pile up behind them. `retention_runs` has one row per restaurant night: the replica whose INSERT
 * made it runs that night's job, the others skip it. The two indexes by order let an anonymization or an erasure
 * reach an order's idempotency records and staff refunds without reading those tables whole.
 */
export class Retention1765700000000 implements MigrationInterface {
  name = 'Retention1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders ADD COLUMN anonymized_at timestamptz`);
    await q.query(`ALTER TABLE voice_calls ADD COLUMN anonymized_at timestamptz`);
    await q.query(`CREATE INDEX ix_orders_retention ON orders (created_at) WHERE anonymized_at IS NULL`);
    await q.query(`CREATE INDEX ix_voice_calls_retention ON voice_calls (created_at) WHERE anonymized_at IS NULL`);
    await q.query(
      `CREATE INDEX ix_voice_calls_recorded ON voice_calls (created_at) WHERE transcript IS NOT NULL OR recording_url IS NOT NULL`,
    );
    await q.query(`CREATE INDEX ix_idempotency_keys_order ON idempotency_keys (order_id) WHERE order_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_staff_refunds_order ON staff_refunds (order_id)`);
    await q.query(`CREATE TABLE retention_runs (
      night date PRIMARY KEY,
      started_at timestamptz NOT NULL,
      finished_at timestamptz,
      orders_anonymized integer NOT NULL DEFAULT 0,
      calls_anonymized integer NOT NULL DEFAULT 0,
      recordings_cleared integer NOT NULL DEFAULT 0
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE retention_runs`);
    await q.query(`DROP INDEX ix_staff_refunds_order`);
    await q.query(`DROP INDEX ix_idempotency_keys_order`);
    await q.query(`DROP INDEX ix_voice_calls_recorded`);
    await q.query(`DROP INDEX ix_voice_calls_retention`);
    await q.query(`DROP INDEX ix_orders_retention`);
    await q.query(`ALTER TABLE voice_calls DROP COLUMN anonymized_at`);
    await q.query(`ALTER TABLE orders DROP COLUMN anonymized_at`);
  }
}
