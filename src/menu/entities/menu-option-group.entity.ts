import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { MenuItem } from './menu-item.entity.js';
import type { MenuOption } from './menu-option.entity.js';

/** A dish's group of choices ("Size" 1..1, "Toppings" 0..5), shown and checked in `position` order. */
@Entity({ name: 'menu_option_groups' })
export class MenuOptionGroup {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'menu_item_id', type: 'uuid' })
  menuItemId: string;

  @ManyToOne('MenuItem', 'optionGroups', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'menu_item_id' })
  menuItem?: MenuItem;

  @Column({ type: 'varchar', length: 60 })
  name: string;

  @Column({ name: 'min_choices', type: 'integer', default: 0 })
  minChoices: number;

  @Column({ name: 'max_choices', type: 'integer' })
  maxChoices: number;

  @Column({ type: 'integer', default: 0 })
  position: number;

  @OneToMany('MenuOption', 'group')
  options: MenuOption[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
