import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { MenuItem } from './entities/menu-item.entity.js';
import { MenuOptionGroup } from './entities/menu-option-group.entity.js';
import { MenuOption } from './entities/menu-option.entity.js';

export type NewMenuItem = Omit<MenuItem, 'createdAt' | 'updatedAt' | 'optionGroups'>;
export type NewOptionGroup = Omit<MenuOptionGroup, 'createdAt' | 'updatedAt' | 'options' | 'menuItem'>;
export type NewMenuOption = Omit<MenuOption, 'createdAt' | 'updatedAt' | 'group'>;

/** A dish with its groups and their options, each in display order. */
const WITH_OPTIONS = { optionGroups: { options: true } } as const;
const DISPLAY_ORDER = { sortOrder: 'ASC', name: 'ASC', optionGroups: { position: 'ASC', options: { position: 'ASC' } } } as const;

/**
 * The menu's tables: `menu_items`, `menu_option_groups`, `menu_options`, and the `app_settings` markers the menu
 * keeps (the demo-menu seed).
 */
@Injectable()
export class MenuRepository {
  constructor(@InjectRepository(MenuItem) private readonly items: Repository<MenuItem>) {}

  /** Runs `work` in one transaction; everything it does through `tx` commits or rolls back together. */
  transaction<T>(work: (tx: MenuTransaction) => Promise<T>): Promise<T> {
    return this.items.manager.transaction((manager) => work(new MenuTransaction(manager)));
  }

  findAllInDisplayOrder(): Promise<MenuItem[]> {
    return this.items.find({ relations: WITH_OPTIONS, order: DISPLAY_ORDER });
  }

  findById(id: string): Promise<MenuItem | null> {
    return this.items.findOne({ where: { id }, relations: WITH_OPTIONS, order: DISPLAY_ORDER });
  }

  insert(fields: NewMenuItem): Promise<MenuItem> {
    return this.items.save(this.items.create(fields));
  }

  save(item: MenuItem): Promise<MenuItem> {
    return this.items.save(item);
  }

  async nameTaken(name: string): Promise<boolean> {
    const clash = await this.items.createQueryBuilder('m').where('lower(m.name) = lower(:name)', { name }).getCount();
    return clash > 0;
  }
}

/** The menu's queries bound to one open transaction (see `MenuRepository.transaction`). */
export class MenuTransaction {
  constructor(private readonly tx: EntityManager) {}

  async hasSetting(key: string): Promise<boolean> {
    const rows: unknown[] = await this.tx.query('SELECT 1 FROM app_settings WHERE key = $1', [key]);
    return rows.length > 0;
  }

  async insertSetting(key: string, value: string): Promise<void> {
    await this.tx.query('INSERT INTO app_settings (key, value) VALUES ($1, $2)', [key, value]);
  }

  countItems(): Promise<number> {
    return this.tx.count(MenuItem);
  }

  async insertItems(items: NewMenuItem[]): Promise<void> {
    await this.tx.insert(MenuItem, items);
  }

  /** The dish with its groups and options, its row locked until the transaction ends (edits of one dish queue). */
  async lockDish(id: string): Promise<MenuItem | null> {
    const locked: unknown[] = await this.tx.query('SELECT 1 FROM menu_items WHERE id = $1 FOR UPDATE', [id]);
    if (locked.length === 0) return null;
    return this.tx.findOne(MenuItem, { where: { id }, relations: WITH_OPTIONS, order: DISPLAY_ORDER });
  }

  /** Every dish with its groups (the demo options are attached to the demo dishes by name). */
  allDishes(): Promise<MenuItem[]> {
    return this.tx.find(MenuItem, { relations: WITH_OPTIONS });
  }

  async dishOfGroup(groupId: string): Promise<string | null> {
    const rows: { id: string }[] = await this.tx.query('SELECT menu_item_id AS id FROM menu_option_groups WHERE id = $1', [groupId]);
    return rows[0]?.id ?? null;
  }

  async dishOfOption(optionId: string): Promise<string | null> {
    const rows: { id: string }[] = await this.tx.query(
      'SELECT g.menu_item_id AS id FROM menu_options o JOIN menu_option_groups g ON g.id = o.group_id WHERE o.id = $1',
      [optionId],
    );
    return rows[0]?.id ?? null;
  }

  async insertGroup(group: NewOptionGroup, options: NewMenuOption[]): Promise<void> {
    await this.tx.insert(MenuOptionGroup, group);
    if (options.length > 0) await this.tx.insert(MenuOption, options);
  }

  async updateGroup(id: string, fields: Partial<Pick<MenuOptionGroup, 'name' | 'minChoices' | 'maxChoices'>>): Promise<void> {
    await this.tx.update(MenuOptionGroup, { id }, fields);
  }

  async deleteGroup(id: string): Promise<void> {
    await this.tx.delete(MenuOptionGroup, { id });
  }

  async insertOption(option: NewMenuOption): Promise<void> {
    await this.tx.insert(MenuOption, option);
  }

  async updateOption(id: string, fields: Partial<Pick<MenuOption, 'name' | 'priceDeltaCents' | 'available' | 'isDefault'>>): Promise<void> {
    await this.tx.update(MenuOption, { id }, fields);
  }

  async deleteOption(id: string): Promise<void> {
    await this.tx.delete(MenuOption, { id });
  }
}
