import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Order } from './order.entity.js';

/** Every status, payment or refund change of an order, and every text sent or given up: who, when, from, to. */
@Entity({ name: 'order_history' })
export class OrderHistoryEntry {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @ManyToOne('Order', 'history', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order: Order;

  @Column({ type: 'varchar', length: 10 })
  kind: 'status' | 'payment' | 'refund' | 'message';

  @Column({ name: 'from_value', type: 'varchar', length: 20, nullable: true })
  from: string | null;

  @Column({ name: 'to_value', type: 'varchar', length: 20 })
  to: string;

  @Column({ type: 'varchar', length: 60 })
  actor: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;
}
