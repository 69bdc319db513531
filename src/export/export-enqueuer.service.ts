import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { OrderEvents } from '@/orders/order-events.js';
import { ExportScheduler } from './export-scheduler.js';

/**
 * Changes within this many milliseconds are announced to the queue once per day: under load, one enqueue
 * (a Redis script call) per order was a tenth of the API's CPU time, and the job exports the whole day anyway.
 * The enqueue always happens after the last change of the window, so no change is left behind.
 */
const COALESCE_MS = 50;

/** Every committed order change says "its day changed"; a failed enqueue never reaches the order request. */
@Injectable()
export class ExportEnqueuer implements OnModuleInit, OnModuleDestroy {
  private subscription: Subscription | null = null;
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly events: OrderEvents,
    private readonly scheduler: ExportScheduler,
  ) {}

  onModuleInit(): void {
    this.subscription = this.events.stream.subscribe((event) => {
      // The workbook shows no refund bookkeeping (a refund that lands is an `order.payment` change).
      if (event.type === 'order.refund') return;
      const day = event.businessDate;
      if (this.pending.has(day)) return;
      this.pending.set(
        day,
        setTimeout(() => {
          this.pending.delete(day);
          this.request(day);
        }, COALESCE_MS),
      );
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    for (const [day, timer] of this.pending) {
      clearTimeout(timer);
      this.request(day);
    }
    this.pending.clear();
  }

  private request(day: string): void {
    // requestDay logs and swallows queue errors; the reconciler covers them.
    void this.scheduler.requestDay(day).catch(() => undefined);
  }
}
