import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { OrderEvents } from '@/orders/order-events';
import { ExportScheduler } from './export-scheduler';

/** Every committed order change says "its day changed"; a failed enqueue never reaches the order request. */
@Injectable()
export class ExportEnqueuer implements OnModuleInit, OnModuleDestroy {
  private subscription: Subscription | null = null;

  constructor(
    private readonly events: OrderEvents,
    private readonly scheduler: ExportScheduler,
  ) {}

  onModuleInit(): void {
    this.subscription = this.events.stream.subscribe((event) => {
      // requestDay logs and swallows queue errors; the reconciler covers them.
      void this.scheduler.requestDay(event.businessDate).catch(() => undefined);
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
