import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject, Subscription } from 'rxjs';
import { ClusterEvents } from '@/cluster-events/cluster-events.js';
import type { Order } from './entities/order.entity.js';
import type { OrderStatus, PaymentStatus } from './order-status.js';

export interface OrderEvent {
  /** `order.refund`: the refund a cancelled order is owed moved (asked for, failed, given up...). */
  type: 'order.created' | 'order.status' | 'order.payment' | 'order.refund';
  orderId: string;
  orderNumber: string;
  businessDate: string;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  at: string;
}

/** The event of a committed change of `order`, as it is now; `at` is when the change was made (Clock). */
export function orderEvent(type: OrderEvent['type'], order: Order, at: Date): OrderEvent {
  return {
    type,
    orderId: order.id,
    orderNumber: order.orderNumber,
    businessDate: order.businessDate,
    status: order.status,
    paymentStatus: order.paymentStatus,
    at: at.toISOString(),
  };
}

/** The cluster events topic of order changes. */
const ORDER_TOPIC = 'order';

/**
 * Committed order changes. `stream` carries the changes this process made (the export queue enqueues from
 * it, so each change is enqueued once); `clusterStream` carries the changes of every API replica (the live
 * dashboard listens to it): this process's own at once, the others' as ClusterEvents brings them. A listener's
 * failure never reaches the request that made the change: the database already holds the truth.
 */
@Injectable()
export class OrderEvents implements OnModuleDestroy {
  private readonly logger = new Logger(OrderEvents.name);
  private readonly local = new Subject<OrderEvent>();
  private readonly cluster = new Subject<OrderEvent>();
  private readonly fromReplicas: Subscription;

  constructor(private readonly clusterEvents: ClusterEvents) {
    this.fromReplicas = clusterEvents.on<OrderEvent>(ORDER_TOPIC).subscribe((event) => this.safely(() => this.cluster.next(event)));
  }

  get stream(): Observable<OrderEvent> {
    return this.local.asObservable();
  }

  get clusterStream(): Observable<OrderEvent> {
    return this.cluster.asObservable();
  }

  emit(event: OrderEvent): void {
    this.safely(() => this.local.next(event));
    this.safely(() => this.cluster.next(event));
    this.clusterEvents.publish(ORDER_TOPIC, event);
  }

  onModuleDestroy(): void {
    this.fromReplicas.unsubscribe();
  }

  private safely(deliver: () => void): void {
    try {
      deliver();
    } catch (err) {
      this.logger.warn(`An order event listener failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
