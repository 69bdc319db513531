import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff search by any part of a name, a phone number or an address, answered by trigram indexes (pg_trgm, which
 * PGlite ships too) instead of reading every order: with a million orders a name without a recent match took
 * seconds. `%q%` patterns of three characters or more use them; the order number keeps its unique index.
 * The address is one expression (as given, and as the geocoder formatted it) so it costs one index, not two.
 * A phone number of seven digits or more is looked up by its end instead (a btree on the reversed number): every
 * number of a town shares its first digits, and the trigrams of those are in nearly every order, which made a
 * trigram search for a whole number read most of the index.
 * On a large existing table the indexes take a while to build, and orders wait while they do: upgrade off-peak.
 */
export class OrderSearch1765500000000 implements MigrationInterface {
  name = 'OrderSearch1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE INDEX ix_orders_name_trgm ON orders USING gin (customer_name gin_trgm_ops)`);
    await q.query(`CREATE INDEX ix_orders_phone_trgm ON orders USING gin (customer_phone gin_trgm_ops)`);
    await q.query(`CREATE INDEX ix_orders_phone_suffix ON orders (reverse(customer_phone) text_pattern_ops)`);
    await q.query(
      `CREATE INDEX ix_orders_address_trgm ON orders USING gin ((coalesce(delivery_address, '') || ' ' || coalesce(delivery_formatted_address, '')) gin_trgm_ops)
       WHERE delivery_address IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_orders_address_trgm`);
    await q.query(`DROP INDEX ix_orders_phone_suffix`);
    await q.query(`DROP INDEX ix_orders_phone_trgm`);
    await q.query(`DROP INDEX ix_orders_name_trgm`);
  }
}
