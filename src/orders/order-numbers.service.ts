import { Injectable } from '@nestjs/common';
import { formatOrderNumber, ORDER_NUMBER_BLOCK } from './order-number.js';
import { OrdersRepository } from './orders.repository.js';

/**
 * Short, speakable order numbers from the database sequence, taken a block (ORDER_NUMBER_BLOCK) at a time: one
 * round trip per block instead of one per order, and still unique across every process.
 */
@Injectable()
export class OrderNumbers {
  private numbers: { next: number; end: number } | null = null;
  private refill: Promise<void> | null = null;

  constructor(private readonly orders: OrdersRepository) {}

  async next(): Promise<string> {
    return formatOrderNumber(await this.nextSequenceValue());
  }

  /** One refill at a time: callers that find the block used up wait for the same one. */
  private async nextSequenceValue(): Promise<number> {
    for (;;) {
      if (this.numbers && this.numbers.next < this.numbers.end) return this.numbers.next++;
      this.refill ??= this.orders
        .nextOrderNumberBlock()
        .then((start) => {
          this.numbers = { next: start, end: start + ORDER_NUMBER_BLOCK };
        })
        .finally(() => {
          this.refill = null;
        });
      await this.refill;
    }
  }
}
