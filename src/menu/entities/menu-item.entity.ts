import { Column, CreateDateColumn, Entity, OneToMany, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { MenuOptionGroup } from './menu-option-group.entity.js';

@Entity({ name: 'menu_items' })
export class MenuItem {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description: string;

  @Column({ type: 'varchar', length: 60 })
  category: string;

  @Column({ name: 'price_cents', type: 'integer' })
  priceCents: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'boolean', default: true })
  available: boolean;

  /** Minutes the kitchen needs per portion of this dish; null: the setting PREP_PER_ITEM_MINUTES. */
  @Column({ name: 'prep_minutes', type: 'integer', nullable: true })
  prepMinutes: number | null;

  @Column({ name: 'sort_order', type: 'integer', default: 0 })
  sortOrder: number;

  /** Loaded with the menu (MenuRepository.findAllInDisplayOrder), in position order. */
  @OneToMany('MenuOptionGroup', 'menuItem')
  optionGroups: MenuOptionGroup[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
