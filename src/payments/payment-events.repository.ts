import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PaymentEventOutcome } from './entities/payment-event.entity.js';

export interface HandledPaymentEvent {
  eventId: string;
  type: string;
  orderId: string | null;
  outcome: PaymentEventOutcome;
}

/** `payment_events`: the provider events already handled, keyed by the provider's event id. */
@Injectable()
export class PaymentEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts the Stripe event; false when its id was already there (a redelivery, or a concurrent one that won).
   * Pass the order's transaction as `tx` so the record commits or rolls back with the payment change.
   */
  async recordStripeEventOnce(event: HandledPaymentEvent, tx: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO payment_events (event_id, provider, type, order_id, outcome) VALUES ($1, 'stripe', $2, $3, $4)
       ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [event.eventId.slice(0, 255), event.type.slice(0, 100), event.orderId, event.outcome],
    );
    return rows.length > 0;
  }
}
