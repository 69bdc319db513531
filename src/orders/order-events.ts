import { Injectable, Logger } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import type { OrderStatus, PaymentStatus } from './order-status';

export interface OrderEvent {
  type: 'order.created' | 'order.status' | 'order.payment';
  orderId: string;
  orderNumber: string;
  businessDate: string;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  at: string;
}

/**
 * In-process stream of committed order changes. The export queue and the dashboard listen here; a listener's
 * failure never reaches the request that made the change (the database already holds the truth).
 */
@Injectable()
export class OrderEvents {
  private readonly logger = new Logger(OrderEvents.name);
  private readonly subject = new Subject<OrderEvent>();

  get stream(): Observable<OrderEvent> {
    return this.subject.asObservable();
  }

  emit(event: OrderEvent): void {
    try {
      this.subject.next(event);
    } catch (err) {
      this.logger.warn(`An order event listener failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
