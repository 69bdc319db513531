import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ChosenOption } from '@/menu/menu-options.js';
import type { Order } from './order.entity.js';

/** One order line: name and unit price are a snapshot of the menu at order time. */
@Entity({ name: 'order_items' })
export class OrderItem {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @ManyToOne('Order', 'items', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order: Order;

  @Column({ type: 'integer' })
  position: number;

  @Column({ name: 'menu_item_id', type: 'uuid' })
  menuItemId: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ name: 'unit_price_cents', type: 'integer' })
  unitPriceCents: number;

  /** The options as ordered, with their names and price changes then. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  options: ChosenOption[];

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ name: 'line_total_cents', type: 'integer' })
  lineTotalCents: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  notes: string | null;
}
