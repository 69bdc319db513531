import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Observable, Subject } from 'rxjs';
import type { Order } from './entities/order.entity.js';
import type { OrderStatus, PaymentStatus } from './order-status.js';

export interface OrderEvent {
  type: 'order.created' | 'order.status' | 'order.payment';
  orderId: string;
  orderNumber: string;
  businessDate: string;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  at: string;
}

/** The event of a committed change of `order`, as it is now. */
export function orderEvent(type: OrderEvent['type'], order: Order): OrderEvent {
  return {
    type,
    orderId: order.id,
    orderNumber: order.orderNumber,
    businessDate: order.businessDate,
    status: order.status,
    paymentStatus: order.paymentStatus,
    at: new Date().toISOString(),
  };
}

/** Hands an event to other replicas; must not throw (the cluster bridge batches and logs its own failures). */
export type EventPublisher = (event: OrderEvent) => void;

/**
 * Committed order changes. `stream` carries the changes this process made (the export queue enqueues from
 * it, so each change is enqueued once); `clusterStream` carries the changes of every API replica (the live
 * dashboard listens to it). A listener's failure never reaches the request that made the change: the
 * database already holds the truth.
 */
@Injectable()
export class OrderEvents {
  private readonly logger = new Logger(OrderEvents.name);
  private readonly local = new Subject<OrderEvent>();
  private readonly cluster = new Subject<OrderEvent>();
  private publisher: EventPublisher | null = null;
  /** Tells this process's own notifications apart from other replicas'. */
  readonly origin = randomUUID();

  get stream(): Observable<OrderEvent> {
    return this.local.asObservable();
  }

  get clusterStream(): Observable<OrderEvent> {
    return this.cluster.asObservable();
  }

  emit(event: OrderEvent): void {
    this.safely(() => this.local.next(event));
    this.safely(() => this.cluster.next(event));
    const publish = this.publisher;
    if (publish) this.safely(() => publish(event));
  }

  /** Set by the cluster bridge when several replicas may run (PostgreSQL); none with embedded PGlite. */
  usePublisher(publisher: EventPublisher | null): void {
    this.publisher = publisher;
  }

  /** An event published by a replica (possibly this one: those are dropped, they were delivered locally). */
  receiveFromCluster(event: OrderEvent, origin: string): void {
    if (origin !== this.origin) this.safely(() => this.cluster.next(event));
  }

  private safely(deliver: () => void): void {
    try {
      deliver();
    } catch (err) {
      this.logger.warn(`An order event listener failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
