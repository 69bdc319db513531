import { Column, Entity, PrimaryColumn } from 'typeorm';

export type PaymentEventOutcome = 'applied' | 'unchanged' | 'ignored';

/** A provider event (Stripe `evt_...`) we have handled; its id is the dedupe key. */
@Entity({ name: 'payment_events' })
export class PaymentEvent {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 255 })
  eventId: string;

  @Column({ type: 'varchar', length: 20 })
  provider: string;

  @Column({ type: 'varchar', length: 100 })
  type: string;

  @Column({ name: 'order_id', type: 'uuid', nullable: true })
  orderId: string | null;

  @Column({ type: 'varchar', length: 12 })
  outcome: PaymentEventOutcome;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;
}
