import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refunds by staff, in full or in part: the amount given back so far is kept on the order (`refunded_cents`, never
 * more than the total), and the payment status gains `partially_refunded` (18 characters: the column grows). Orders
 * refunded before this release were refunded in full.
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE orders SET payment_status = 'paid' WHERE payment_status = 'partially_refunded'`);
    await q.query(`ALTER TABLE orders DROP CONSTRAINT ck_orders_refunded_cents, DROP COLUMN refunded_cents`);
    await q.query(`ALTER TABLE orders DROP CONSTRAINT ck_orders_payment_status`);
    await q.query(`ALTER TABLE orders ALTER COLUMN payment_status TYPE varchar(12)`);
    await q.query(
      `ALTER TABLE orders ADD CONSTRAINT ck_orders_payment_status CHECK (payment_status IN ('unpaid','pending','paid','failed','refunded'))`,
    );
  }
}
