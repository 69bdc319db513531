import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764100000000 implements MigrationInterface {
  name = 'InitialSchema1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE app_settings (
      key varchar(100) PRIMARY KEY,
      value text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);

    await q.query(`CREATE TABLE menu_items (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name varchar(120) NOT NULL,
      description varchar(500) NOT NULL DEFAULT '',
      category varchar(60) NOT NULL,
      price_cents integer NOT NULL CHECK (price_cents >= 0),
      currency char(3) NOT NULL,
      available boolean NOT NULL DEFAULT true,
      sort_order integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE UNIQUE INDEX ux_menu_items_name ON menu_items (lower(name))`);

    await q.query(`CREATE SEQUENCE order_number_seq START WITH 1001`);
    await q.query(`CREATE TABLE orders (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      order_number varchar(12) NOT NULL,
      status varchar(20) NOT NULL,
      payment_status varchar(12) NOT NULL,
      payment_method varchar(8) NOT NULL,
      channel varchar(8) NOT NULL,
      fulfillment varchar(10) NOT NULL,
      customer_name varchar(100) NOT NULL,
      customer_phone varchar(16) NOT NULL,
      delivery_address varchar(300),
      delivery_formatted_address varchar(300),
      delivery_lat double precision,
      delivery_lng double precision,
      delivery_distance_meters integer,
      delivery_zone varchar(60),
      notes varchar(500),
      subtotal_cents integer NOT NULL CHECK (subtotal_cents >= 0),
      delivery_fee_cents integer NOT NULL CHECK (delivery_fee_cents >= 0),
      tax_cents integer NOT NULL CHECK (tax_cents >= 0),
      total_cents integer NOT NULL CHECK (total_cents >= 0),
      currency char(3) NOT NULL,
      payment_provider varchar(20),
      payment_reference varchar(255),
      checkout_url text,
      voice_call_id varchar(100),
      business_date date NOT NULL,
      version integer NOT NULL DEFAULT 1,
      exported_version integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ux_orders_order_number UNIQUE (order_number),
      CONSTRAINT ck_orders_status CHECK (status IN ('received','confirmed','preparing','ready','out_for_delivery','completed','cancelled')),
      CONSTRAINT ck_orders_payment_status CHECK (payment_status IN ('unpaid','pending','paid','failed','refunded')),
      CONSTRAINT ck_orders_channel CHECK (channel IN ('web','mobile','voice')),
      CONSTRAINT ck_orders_fulfillment CHECK (fulfillment IN ('pickup','delivery')))`);
    await q.query(`CREATE INDEX ix_orders_created ON orders (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_orders_status ON orders (status)`);
    await q.query(`CREATE INDEX ix_orders_phone ON orders (customer_phone)`);
    await q.query(`CREATE INDEX ix_orders_voice_call ON orders (voice_call_id) WHERE voice_call_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_orders_unexported ON orders (business_date) WHERE version > exported_version`);
    await q.query(`CREATE INDEX ix_orders_business_date ON orders (business_date)`);

    await q.query(`CREATE TABLE order_items (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
      position integer NOT NULL,
      menu_item_id uuid NOT NULL,
      name varchar(120) NOT NULL,
      unit_price_cents integer NOT NULL CHECK (unit_price_cents >= 0),
      quantity integer NOT NULL CHECK (quantity > 0),
      line_total_cents integer NOT NULL CHECK (line_total_cents >= 0),
      notes varchar(200))`);
    await q.query(`CREATE INDEX ix_order_items_order ON order_items (order_id, position)`);

    await q.query(`CREATE TABLE order_history (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
      kind varchar(10) NOT NULL CHECK (kind IN ('status','payment')),
      from_value varchar(20),
      to_value varchar(20) NOT NULL,
      actor varchar(60) NOT NULL,
      note varchar(200),
      at timestamptz NOT NULL DEFAULT clock_timestamp())`);
    await q.query(`CREATE INDEX ix_order_history_order ON order_history (order_id, at)`);

    await q.query(`CREATE TABLE idempotency_keys (
      key varchar(300) PRIMARY KEY,
      request_hash char(64) NOT NULL,
      order_id uuid REFERENCES orders(id) ON DELETE SET NULL,
      status_code integer,
      response_body jsonb,
      created_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE order_history`);
    await q.query(`DROP TABLE order_items`);
    await q.query(`DROP TABLE orders`);
    await q.query(`DROP SEQUENCE order_number_seq`);
    await q.query(`DROP TABLE menu_items`);
    await q.query(`DROP TABLE app_settings`);
  }
}
