import { Injectable } from '@nestjs/common';
import { PreparedQueries } from '@/database/prepared-queries.js';
import type { Fulfillment } from '@/orders/order-status.js';

/**
 * `slot_bookings`: how many orders each slot holds, per fulfillment. A new order takes its place in the same
 * statement that writes it (INSERT_ORDER); a cancelled order gives it back
 * (OrdersRepository.releaseSlot). This class reads the counts.
 */
@Injectable()
export class SlotBook {
  constructor(private readonly db: PreparedQueries) {}

  /** Places taken in the slots from `from` up to (not including) `to`, by the slot's epoch milliseconds. */
  async taken(fulfillment: Fulfillment, from: Date, to: Date): Promise<Map<number, number>> {
    const rows = await this.db.query<{ slotAt: Date | string; taken: number }>(
      'ros_slot_taken',
      `SELECT slot_at AS "slotAt", taken FROM slot_bookings WHERE fulfillment = $1 AND slot_at >= $2 AND slot_at < $3`,
      [fulfillment, from.toISOString(), to.toISOString()],
    );
    return new Map(rows.map((r) => [new Date(r.slotAt).getTime(), r.taken]));
  }
}
