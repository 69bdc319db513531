import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { filter, Subscription } from 'rxjs';
import { OrderEvents } from '@/orders/order-events.js';
import { OrdersService } from '@/orders/orders.service.js';
import { PaymentGateway } from './payment-gateway.js';

/**
 * Cancelling a paid card order refunds it in full. Stripe reports the refund by webhook (charge.refunded ->
 * refunded); the mock refunds at once. Best effort: if the provider is down the failure is logged for staff.
 */
@Injectable()
export class RefundOnCancel implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RefundOnCancel.name);
  private subscription?: Subscription;
  /** Refunds still running, so shutdown (and tests) can wait for them. */
  readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly events: OrderEvents,
    private readonly orders: OrdersService,
    private readonly gateway: PaymentGateway,
  ) {}

  onModuleInit(): void {
    this.subscription = this.events.stream
      .pipe(filter((e) => e.type === 'order.status' && e.status === 'cancelled' && e.paymentStatus === 'paid'))
      .subscribe((e) => {
        const job = this.refund(e.orderId).finally(() => this.inFlight.delete(job));
        this.inFlight.add(job);
      });
  }

  async onModuleDestroy(): Promise<void> {
    this.subscription?.unsubscribe();
    await Promise.allSettled([...this.inFlight]);
  }

  private async refund(orderId: string): Promise<void> {
    try {
      const order = await this.orders.findById(orderId);
      const reference = order.payment.reference;
      if (!reference || order.payment.provider !== this.gateway.provider) {
        this.logger.warn(`Order ${order.orderNumber} was cancelled after paying with ${order.payment.provider}; refund it there by hand`);
        return;
      }
      const result = await this.gateway.refund(reference, orderId);
      if (result === 'refunded') {
        await this.orders.setPaymentStatus(orderId, 'refunded', 'refund-on-cancel', 'Refunded because the order was cancelled');
      } else {
        this.logger.log(`Refund of cancelled order ${order.orderNumber} requested from ${this.gateway.provider}`);
      }
    } catch (err) {
      this.logger.error(
        `Could not refund cancelled order ${orderId}; refund it by hand: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
}
