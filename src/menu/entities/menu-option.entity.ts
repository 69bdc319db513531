import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { MenuOptionGroup } from './menu-option-group.entity.js';

/** One choice of a group ("Large", "Extra cheese"): a price change in minor units, its own availability. */
@Entity({ name: 'menu_options' })
export class MenuOption {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'group_id', type: 'uuid' })
  groupId: string;

  @ManyToOne('MenuOptionGroup', 'options', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: MenuOptionGroup;

  @Column({ type: 'varchar', length: 60 })
  name: string;

  @Column({ name: 'price_delta_cents', type: 'integer', default: 0 })
  priceDeltaCents: number;

  @Column({ type: 'boolean', default: true })
  available: boolean;

  @Column({ name: 'is_default', type: 'boolean', default: false })
  isDefault: boolean;

  @Column({ type: 'integer', default: 0 })
  position: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
