import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refunds by staff, in full or in part: the amount given back so far is kept on the order (`refunded_cents`, never
 * more than the total), and the payment status gains `partially_refunded` (18 characters: the column grows). Orders
 * refunded before this release were refunded in full. Each refund staff give is a row of `staff_refunds`, written in
 * the transaction that reserves its amount on the order: its id makes the provider's idempotency key, its
 * `request_key` (the client's) answers a repeated request with the refund already given, and a row still `pending`
 * after its process died is finished by the next sweep.
 */
export class StaffRefunds1765100000000 implements MigrationInterface {
  name = 'StaffRefunds1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders DROP CONSTRAINT ck_orders_payment_status`);
    await q.query(`ALTER TABLE orders ALTER COLUMN payment_status TYPE varchar(20)`);
    await q.query(`ALTER TABLE orders
      ADD CONSTRAINT ck_orders_payment_status CHECK (payment_status IN ('unpaid','pending','paid','failed','partially_refunded','refunded')),
      ADD COLUMN refunded_cents integer NOT NULL DEFAULT 0,
      ADD CONSTRAINT ck_orders_refunded_cents CHECK (refunded_cents >= 0 AND refunded_cents <= total_cents)`);
    await q.query(`UPDATE orders SET refunded_cents = total_cents WHERE payment_status = 'refunded'`);
    await q.query(`CREATE TABLE staff_refunds (
      id uuid PRIMARY KEY,
      order_id uuid NOT NULL REFERENCES orders(id),
      request_key varchar(64),
      amount_cents integer NOT NULL CHECK (amount_cents > 0),
      currency char(3) NOT NULL,
      payment_reference varchar(255) NOT NULL,
      reason varchar(200) NOT NULL,
      actor varchar(100) NOT NULL,
      status varchar(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','succeeded','failed')),
      attempts integer NOT NULL DEFAULT 0,
      last_error varchar(300),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX ux_staff_refunds_request ON staff_refunds (order_id, request_key) WHERE request_key IS NOT NULL`);
    await q.query(`CREATE INDEX ix_staff_refunds_pending ON staff_refunds (updated_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staff_refunds`);
    await q.query(`UPDATE orders SET payment_status = 'paid' WHERE payment_status = 'partially_refunded'`);
    await q.query(`ALTER TABLE orders DROP CONSTRAINT ck_orders_refunded_cents, DROP COLUMN refunded_cents`);
    await q.query(`ALTER TABLE orders DROP CONSTRAINT ck_orders_payment_status`);
    await q.query(`ALTER TABLE orders ALTER COLUMN payment_status TYPE varchar(12)`);
    await q.query(
      `ALTER TABLE orders ADD CONSTRAINT ck_orders_payment_status CHECK (payment_status IN ('unpaid','pending','paid','failed','refunded'))`,
    );
  }
}
