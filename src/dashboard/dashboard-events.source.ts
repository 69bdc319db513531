import { Injectable } from '@nestjs/common';
import { map, merge, Observable, Subject } from 'rxjs';
import { MenuService } from '@/menu/menu.service';
import { OrderEvents } from '@/orders/order-events';
import type { OrderEvent } from '@/orders/order-events';

export type DashboardEvent = OrderEvent | { type: 'menu.changed'; at: string };

/**
 * Where the live board hears about changes. The in-process source sees changes made by this process only;
 * with several API replicas, a Redis pub/sub source replaces it (same token, `useClass`).
 */
export abstract class DashboardEventsSource {
  abstract events(): Observable<DashboardEvent>;
}

@Injectable()
export class InProcessDashboardEventsSource extends DashboardEventsSource {
  private readonly menuChanges = new Subject<DashboardEvent>();

  constructor(private readonly orders: OrderEvents, menu: MenuService) {
    super();
    menu.onChange(() => this.menuChanges.next({ type: 'menu.changed', at: new Date().toISOString() }));
  }

  events(): Observable<DashboardEvent> {
    return merge(this.orders.stream.pipe(map((e): DashboardEvent => e)), this.menuChanges.asObservable());
  }
}
