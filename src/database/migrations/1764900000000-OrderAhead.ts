import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Promised times, order-ahead and kitchen capacity. An order keeps the time the customer asked for
 * (`requested_time`, null: as soon as possible), the time it is promised for (`promised_at`: ready for pickup, or at
 * the door), when the kitchen should start it (`prep_start_at`) and the slot it holds (`slot_at`). `slot_bookings`
 * counts the orders each slot holds, per fulfillment: one row that a new order increments in the same statement
 * that writes the order, and a CHECK keeps it at most the slot's capacity (stored with it), so replicas racing for the last place cannot
 * both get it; a cancelled order gives its place back. `ordering_state` is the staff's pause switch and busy time,
 * one row every replica reads. A dish may set its own preparation minutes (`menu_items.prep_minutes`). Orders
 * placed before this release have no promised time.
 */
export class OrderAhead1764900000000 implements MigrationInterface {
  name = 'OrderAhead1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders
      ADD COLUMN requested_time timestamptz,
      ADD COLUMN promised_at timestamptz,
      ADD COLUMN prep_start_at timestamptz,
      ADD COLUMN slot_at timestamptz`);
    await q.query(`ALTER TABLE menu_items ADD COLUMN prep_minutes integer,
      ADD CONSTRAINT ck_menu_items_prep_minutes CHECK (prep_minutes IS NULL OR prep_minutes BETWEEN 0 AND 240)`);
    await q.query(`CREATE TABLE slot_bookings (
      slot_at timestamptz NOT NULL,
      fulfillment varchar(10) NOT NULL,
      taken integer NOT NULL,
      capacity integer NOT NULL,
      PRIMARY KEY (slot_at, fulfillment),
      CONSTRAINT ck_slot_bookings_taken CHECK (taken >= 0),
      CONSTRAINT ck_slot_bookings_capacity CHECK (taken <= capacity)
    )`);
    await q.query(`CREATE TABLE ordering_state (
      id integer PRIMARY KEY CHECK (id = 1),
      paused boolean NOT NULL DEFAULT false,
      resumes_at timestamptz,
      busy_minutes integer NOT NULL DEFAULT 0 CHECK (busy_minutes BETWEEN 0 AND 240),
      busy_until timestamptz,
      updated_by varchar(120),
      updated_at timestamptz
    )`);
    await q.query(`INSERT INTO ordering_state (id) VALUES (1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ordering_state`);
    await q.query(`DROP TABLE slot_bookings`);
    await q.query(`ALTER TABLE menu_items DROP CONSTRAINT ck_menu_items_prep_minutes, DROP COLUMN prep_minutes`);
    await q.query(`ALTER TABLE orders DROP COLUMN slot_at, DROP COLUMN prep_start_at, DROP COLUMN promised_at, DROP COLUMN requested_time`);
  }
}
