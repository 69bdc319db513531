import { Injectable } from '@nestjs/common';
import { map, merge, Observable } from 'rxjs';
import { Clock } from '@/common/clock.js';
import { MenuService } from '@/menu/menu.service.js';
import { OrderEvents } from '@/orders/order-events.js';
import type { OrderEvent } from '@/orders/order-events.js';
import { OrderingState, OrderingStateService } from '@/scheduling/ordering-state.service.js';
import { CallsDashboardProvider } from '@/voice/calls-dashboard.provider.js';

export type DashboardEvent =
  | OrderEvent
  | { type: 'menu.changed'; at: string }
  | { type: 'ordering'; at: string; state: OrderingState }
  | { type: 'calls.missed'; at: string };

/**
 * Where the live board hears about changes: the cluster-wide order stream (every API replica's changes, fanned
 * out through PostgreSQL LISTEN/NOTIFY by ClusterEvents, or just this process's on embedded PGlite), menu edits
 * the pause and busy switch and the missed-calls list (local, or announced by another replica).
 */
export abstract class DashboardEventsSource {
  abstract events(): Observable<DashboardEvent>;
}

@Injectable()
export class OrderStreamDashboardEventsSource extends DashboardEventsSource {
  constructor(
    private readonly orders: OrderEvents,
    private readonly menu: MenuService,
    private readonly ordering: OrderingStateService,
    private readonly calls: CallsDashboardProvider,
    private readonly clock: Clock,
  ) {
    super();
  }

  events(): Observable<DashboardEvent> {
    return merge(
      this.orders.clusterStream.pipe(map((e): DashboardEvent => e)),
      this.menu.changes.pipe(map((): DashboardEvent => ({ type: 'menu.changed', at: this.clock.now().toISOString() }))),
      this.ordering.changes().pipe(map((state): DashboardEvent => ({ type: 'ordering', at: this.clock.now().toISOString(), state }))),
      this.calls.missedChanges.pipe(map((): DashboardEvent => ({ type: 'calls.missed', at: this.clock.now().toISOString() }))),
    );
  }
}
