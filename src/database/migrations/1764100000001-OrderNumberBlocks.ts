import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each process takes order numbers in blocks of 20 (one sequence call per 20 orders instead of one per order).
 * Must equal ORDER_NUMBER_BLOCK in src/orders/order-number.ts.
 */
export class OrderNumberBlocks1764100000001 implements MigrationInterface {
  name = 'OrderNumberBlocks1764100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER SEQUENCE order_number_seq INCREMENT BY 20`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER SEQUENCE order_number_seq INCREMENT BY 1`);
  }
}
