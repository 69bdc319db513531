import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A human on the line: a call's transfer to the restaurant (asked for, then forwarded), the assistant stalling
 * (Vapi's `hang`), whether an order was placed in it or the caller's order was looked up or cancelled (`served_at`), and who of the staff called back a missed call. The partial
 * index holds only calls without an order that staff have not handled, the few the missed-calls panel looks at.
 */
export class CallTransfers1765200000000 implements MigrationInterface {
  name = 'CallTransfers1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE voice_calls
      ADD COLUMN transfer_requested_at timestamptz,
      ADD COLUMN transferred_to varchar(32),
      ADD COLUMN forwarded_at timestamptz,
      ADD COLUMN hang_at timestamptz,
      ADD COLUMN order_placed_at timestamptz,
      ADD COLUMN served_at timestamptz,
      ADD COLUMN missed_handled_at timestamptz,
      ADD COLUMN missed_handled_by varchar(100)`);
    // Calls from before this migration that placed an order are not missed calls.
    await q.query(`UPDATE voice_calls c SET order_placed_at = c.updated_at
      WHERE EXISTS (SELECT 1 FROM orders o WHERE o.voice_call_id = c.call_id)`);
    await q.query(`CREATE INDEX ix_voice_calls_missed ON voice_calls (updated_at DESC)
      WHERE order_placed_at IS NULL AND served_at IS NULL AND missed_handled_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_voice_calls_missed`);
    await q.query(`ALTER TABLE voice_calls
      DROP COLUMN transfer_requested_at, DROP COLUMN transferred_to, DROP COLUMN forwarded_at, DROP COLUMN hang_at,
      DROP COLUMN order_placed_at, DROP COLUMN served_at, DROP COLUMN missed_handled_at, DROP COLUMN missed_handled_by`);
  }
}
