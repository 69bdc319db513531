import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Text messages to customers as an outbox: a row is written in the same statement or transaction as the change
 * that causes it (the order insert, a status change), then sent by a sweeper in every API process. One row per
 * (order, kind): a text is decided once, whatever retries or replicas do. `sms_opt_outs` holds the numbers that
 * replied STOP; nothing is sent to them. Text outcomes join the order's history as kind `message`.
 */
export class TextMessages1765000000000 implements MigrationInterface {
  name = 'TextMessages1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE outbound_messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
      to_phone varchar(20) NOT NULL,
      kind varchar(20) NOT NULL,
      body text NOT NULL,
      status varchar(10) NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error varchar(300),
      provider_id varchar(64),
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      CONSTRAINT uq_outbound_messages_order_kind UNIQUE (order_id, kind),
      CONSTRAINT ck_outbound_messages_status CHECK (status IN ('pending','sending','sent','failed','skipped')),
      CONSTRAINT ck_outbound_messages_kind CHECK (kind IN ('confirmed','ready','out_for_delivery','cancelled','payment_link'))
    )`);
    // The sweeper's question: what is due (pending) or whose lease ran out (sending)?
    await q.query(`CREATE INDEX ix_outbound_messages_due ON outbound_messages (next_attempt_at) WHERE status IN ('pending','sending')`);
    await q.query(`CREATE TABLE sms_opt_outs (
      phone varchar(20) PRIMARY KEY,
      keyword varchar(20) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`ALTER TABLE order_history DROP CONSTRAINT order_history_kind_check`);
    await q.query(
      `ALTER TABLE order_history ADD CONSTRAINT order_history_kind_check CHECK (kind IN ('status','payment','refund','message'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM order_history WHERE kind = 'message'`);
    await q.query(`ALTER TABLE order_history DROP CONSTRAINT order_history_kind_check`);
    await q.query(`ALTER TABLE order_history ADD CONSTRAINT order_history_kind_check CHECK (kind IN ('status','payment','refund'))`);
    await q.query(`DROP TABLE sms_opt_outs`);
    await q.query(`DROP TABLE outbound_messages`);
  }
}
