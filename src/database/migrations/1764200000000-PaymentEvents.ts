import { MigrationInterface, QueryRunner } from 'typeorm';

/** Provider events already handled: the primary key makes a redelivered (or concurrently delivered) event apply once. */
export class PaymentEvents1764200000000 implements MigrationInterface {
  name = 'PaymentEvents1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE payment_events (
      event_id varchar(255) PRIMARY KEY,
      provider varchar(20) NOT NULL,
      type varchar(100) NOT NULL,
      order_id uuid REFERENCES orders(id) ON DELETE SET NULL,
      outcome varchar(12) NOT NULL CHECK (outcome IN ('applied','unchanged','ignored')),
      received_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX ix_payment_events_order ON payment_events (order_id) WHERE order_id IS NOT NULL`);
    // Webhooks find orders by their PaymentIntent / Checkout Session id.
    await q.query(`CREATE INDEX ix_orders_payment_reference ON orders (payment_reference) WHERE payment_reference IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_orders_payment_reference`);
    await q.query(`DROP TABLE payment_events`);
  }
}
