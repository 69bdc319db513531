import { Column, CreateDateColumn, Entity, OneToMany, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Channel, Fulfillment, OrderStatus, PaymentMethod, PaymentStatus, RefundStatus } from '../order-status.js';
import { OrderHistoryEntry } from './order-history.entity.js';
import { OrderItem } from './order-item.entity.js';

@Entity({ name: 'orders' })
export class Order {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'order_number', type: 'varchar', length: 12, unique: true })
  orderNumber: string;

  @Column({ type: 'varchar', length: 20 })
  status: OrderStatus;

  @Column({ name: 'payment_status', type: 'varchar', length: 20 })
  paymentStatus: PaymentStatus;

  @Column({ name: 'payment_method', type: 'varchar', length: 8 })
  paymentMethod: PaymentMethod;

  @Column({ type: 'varchar', length: 8 })
  channel: Channel;

  @Column({ type: 'varchar', length: 10 })
  fulfillment: Fulfillment;

  @Column({ name: 'customer_name', type: 'varchar', length: 100 })
  customerName: string;

  @Column({ name: 'customer_phone', type: 'varchar', length: 16 })
  customerPhone: string;

  /** The address as the customer gave it. */
  @Column({ name: 'delivery_address', type: 'varchar', length: 300, nullable: true })
  deliveryAddress: string | null;

  /** The address as the geocoder understood it. */
  @Column({ name: 'delivery_formatted_address', type: 'varchar', length: 300, nullable: true })
  deliveryFormattedAddress: string | null;

  @Column({ name: 'delivery_lat', type: 'double precision', nullable: true })
  deliveryLat: number | null;

  @Column({ name: 'delivery_lng', type: 'double precision', nullable: true })
  deliveryLng: number | null;

  @Column({ name: 'delivery_distance_meters', type: 'integer', nullable: true })
  deliveryDistanceMeters: number | null;

  @Column({ name: 'delivery_zone', type: 'varchar', length: 60, nullable: true })
  deliveryZone: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  notes: string | null;

  @Column({ name: 'subtotal_cents', type: 'integer' })
  subtotalCents: number;

  @Column({ name: 'delivery_fee_cents', type: 'integer' })
  deliveryFeeCents: number;

  @Column({ name: 'tax_cents', type: 'integer' })
  taxCents: number;

  @Column({ name: 'total_cents', type: 'integer' })
  totalCents: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ name: 'payment_provider', type: 'varchar', length: 20, nullable: true })
  paymentProvider: string | null;

  /** PaymentIntent or Checkout Session id at the payment provider. */
  @Column({ name: 'payment_reference', type: 'varchar', length: 255, nullable: true })
  paymentReference: string | null;

  @Column({ name: 'checkout_url', type: 'text', nullable: true })
  checkoutUrl: string | null;

  /** The money given back so far (staff refunds, or the whole total once refunded), in minor units. */
  @Column({ name: 'refunded_cents', type: 'integer', default: 0 })
  refundedCents: number;

  /** The refund a cancelled card order is owed; null when none is (see RefundStatus). */
  @Column({ name: 'refund_status', type: 'varchar', length: 10, nullable: true })
  refundStatus: RefundStatus | null;

  /** Refund requests made to the provider so far, the one in flight included (reset when staff retry). */
  @Column({ name: 'refund_attempts', type: 'integer', default: 0 })
  refundAttempts: number;

  /** Why the last refund request failed, for staff. */
  @Column({ name: 'refund_last_error', type: 'varchar', length: 300, nullable: true })
  refundLastError: string | null;

  /** When the refund is next asked for (pending, retrying); also the lease of an attempt in flight. */
  @Column({ name: 'refund_next_attempt_at', type: 'timestamptz', nullable: true })
  refundNextAttemptAt: Date | null;

  @Column({ name: 'voice_call_id', type: 'varchar', length: 100, nullable: true })
  voiceCallId: string | null;

  /** The time the customer asked for; null: as soon as possible. */
  @Column({ name: 'requested_time', type: 'timestamptz', nullable: true })
  requestedTime: Date | null;

  /** When the food is ready for pickup, or at the door for a delivery; null only on orders from before promises. */
  @Column({ name: 'promised_at', type: 'timestamptz', nullable: true })
  promisedAt: Date | null;

  /** When the kitchen should start it (the board's Later lane holds it until then). */
  @Column({ name: 'prep_start_at', type: 'timestamptz', nullable: true })
  prepStartAt: Date | null;

  /** The slot whose place it holds (slot_bookings); given back when it is cancelled. */
  @Column({ name: 'slot_at', type: 'timestamptz', nullable: true })
  slotAt: Date | null;

  /**
   * Calendar day in the restaurant's time zone: the workbook the order belongs to and the board that shows it. The
   * day it was placed, or for a scheduled order the day it is promised for.
   */
  @Column({ name: 'business_date', type: 'date' })
  businessDate: string;

  /** Bumped on every change; the export marks the version it wrote. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'exported_version', type: 'integer', default: 0 })
  exportedVersion: number;

  /** When its personal data was taken out (retention or an erasure on request); null while it has it. */
  @Column({ name: 'anonymized_at', type: 'timestamptz', nullable: true })
  anonymizedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @OneToMany(() => OrderItem, (item) => item.order, { cascade: ['insert'] })
  items: OrderItem[];

  @OneToMany(() => OrderHistoryEntry, (entry) => entry.order, { cascade: ['insert'] })
  history: OrderHistoryEntry[];
}
