import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { MenuItem } from './entities/menu-item.entity.js';

export type NewMenuItem = Omit<MenuItem, 'createdAt' | 'updatedAt'>;

/** The menu's tables: `menu_items`, and the `app_settings` markers the menu keeps (the demo-menu seed). */
@Injectable()
export class MenuRepository {
  constructor(@InjectRepository(MenuItem) private readonly items: Repository<MenuItem>) {}

  /** Runs `work` in one transaction; everything it does through `tx` commits or rolls back together. */
  transaction<T>(work: (tx: MenuTransaction) => Promise<T>): Promise<T> {
    return this.items.manager.transaction((manager) => work(new MenuTransaction(manager)));
  }

  findAllInDisplayOrder(): Promise<MenuItem[]> {
    return this.items.find({ order: { sortOrder: 'ASC', name: 'ASC' } });
  }

  findById(id: string): Promise<MenuItem | null> {
    return this.items.findOneBy({ id });
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
}
