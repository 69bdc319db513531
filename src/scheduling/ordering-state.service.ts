import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject, Subscription } from 'rxjs';
import { ClusterEvents } from '@/cluster-events/cluster-events.js';
import { Clock } from '@/common/clock.js';
import { iso, OrderingStateRepository } from './ordering-state.repository.js';

/** What staff set: a pause of new orders (until a time, or until lifted) and extra minutes on every promise. */
export interface StoredOrderingState {
  paused: boolean;
  /** When a pause lifts by itself; null: until staff lift it. */
  resumesAt: string | null;
  busyMinutes: number;
  /** When the extra minutes end by themselves; null: until staff clear them. */
  busyUntil: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** The state as it applies now: a pause or busy time that has run out reads as none. */
export interface OrderingState extends StoredOrderingState {
  /** Whether the state has anything on at all (the board's header shows it). */
  active: boolean;
}

export interface OrderingChange {
  paused?: boolean;
  resumesAt?: Date | null;
  busyMinutes?: number;
  busyUntil?: Date | null;
}

const TOPIC = 'ordering_state';
/** A replica that missed a notification (its listener was reconnecting) still reads the truth this often. */
const CACHE_MS = 2000;

/**
 * The pause switch and busy time, shared by every API replica: one row in PostgreSQL (it survives restarts), told
 * to the other replicas at once through ClusterEvents, and re-read every two seconds besides. Orders read it from
 * memory, so it costs intake nothing.
 */
@Injectable()
export class OrderingStateService implements OnModuleDestroy {
  private readonly logger = new Logger(OrderingStateService.name);
  private cached: { state: StoredOrderingState; readAt: number } | null = null;
  private reading: Promise<StoredOrderingState> | null = null;
  private readonly changed = new Subject<StoredOrderingState>();
  private readonly fromReplicas: Subscription;

  constructor(
    private readonly repository: OrderingStateRepository,
    private readonly clusterEvents: ClusterEvents,
    private readonly clock: Clock,
  ) {
    this.fromReplicas = clusterEvents.on<StoredOrderingState>(TOPIC).subscribe((state) => this.remember(state));
  }

  onModuleDestroy(): void {
    this.fromReplicas.unsubscribe();
    this.changed.complete();
  }

  /** The state now (Clock time): a pause past its resume time is over. */
  async current(): Promise<OrderingState> {
    return this.effective(await this.stored());
  }

  /** Every change, from any replica, as it applies now. */
  changes(): Observable<OrderingState> {
    return new Observable<OrderingState>((subscriber) => {
      const sub = this.changed.subscribe((state) => subscriber.next(this.effective(state)));
      return () => sub.unsubscribe();
    });
  }

  /** Applies a change made by `actor` (`dashboard:<user>`) and tells every replica. */
  async set(change: OrderingChange, actor: string): Promise<OrderingState> {
    const now = this.clock.now();
    const before = await this.read();
    const paused = change.paused ?? before.paused;
    const next: StoredOrderingState = {
      paused,
      resumesAt: paused ? iso(change.resumesAt !== undefined ? change.resumesAt : before.resumesAt) : null,
      busyMinutes: change.busyMinutes ?? before.busyMinutes,
      busyUntil: iso(change.busyUntil !== undefined ? change.busyUntil : before.busyUntil),
      updatedBy: actor,
      updatedAt: now.toISOString(),
    };
    if (next.busyMinutes === 0) next.busyUntil = null;
    await this.repository.write(next);
    this.logger.log(
      `Ordering ${next.paused ? `paused${next.resumesAt ? ` until ${next.resumesAt}` : ''}` : 'open'}, busy +${next.busyMinutes} min, by ${actor}`,
    );
    this.remember(next);
    this.clusterEvents.publish(TOPIC, next);
    return this.effective(next);
  }

  private effective(state: StoredOrderingState): OrderingState {
    const now = this.clock.nowMs();
    const paused = state.paused && (state.resumesAt === null || Date.parse(state.resumesAt) > now);
    const busy = state.busyMinutes > 0 && (state.busyUntil === null || Date.parse(state.busyUntil) > now);
    return {
      ...state,
      paused,
      resumesAt: paused ? state.resumesAt : null,
      busyMinutes: busy ? state.busyMinutes : 0,
      busyUntil: busy ? state.busyUntil : null,
      active: paused || busy,
    };
  }

  private async stored(): Promise<StoredOrderingState> {
    // Real time, not the Clock: this is how fresh a copy is, not a business rule.
    if (this.cached && Date.now() - this.cached.readAt < CACHE_MS) return this.cached.state;
    this.reading ??= this.read().finally(() => (this.reading = null));
    return this.reading;
  }

  private async read(): Promise<StoredOrderingState> {
    const state = await this.repository.read();
    this.cached = { state, readAt: Date.now() };
    return state;
  }

  private remember(state: StoredOrderingState): void {
    this.cached = { state, readAt: Date.now() };
    this.changed.next(state);
  }
}
