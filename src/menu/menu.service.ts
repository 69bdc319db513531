import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { Observable, Subject } from 'rxjs';
import { ClusterEvents } from '@/cluster-events/cluster-events.js';
import { DomainError, ErrorCode, NotFoundError } from '@/common/domain-error.js';
import { formatMoney } from '@/common/money.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import { DatabaseBootstrapService } from '@/database/database-bootstrap.service.js';
import { DEMO_MENU, DEMO_PREP_MINUTES, DEMO_OPTION_GROUPS } from './demo-menu.js';
import {
  CreateMenuItemDto,
  CreateMenuOptionDto,
  CreateOptionGroupDto,
  MenuItemDto,
  UpdateMenuItemDto,
  UpdateMenuOptionDto,
  UpdateOptionGroupDto,
} from './dto/menu-item.dto.js';
import { MenuItem } from './entities/menu-item.entity.js';
import { lowestUnitPrice } from './menu-options.js';
import { MenuRepository, MenuTransaction, NewMenuOption } from './menu.repository.js';

const SEEDED_MARKER = 'demo_menu_seeded';
/** Set once the demo dishes got their choices: installations seeded before menu options get them too. */
const OPTIONS_SEEDED_MARKER = 'demo_options_seeded';
const UNIQUE_VIOLATION = '23505';
/**
 * Orders, the menu endpoint and the voice assistant read the menu on every request, so it is cached. Local edits and edits announced by other replicas
 * (ClusterEvents, topic `menu`) clear it at once; the age limit is a backstop if an announcement is lost.
 */
const MENU_CACHE_MAX_AGE_MS = 5_000;
/** The cluster events topic of menu edits. */
const MENU_TOPIC = 'menu';

@Injectable()
export class MenuService implements OnApplicationBootstrap {
  private readonly logger = new Logger(MenuService.name);
  private readonly currency: string;
  private readonly changes$ = new Subject<void>();
  private cache: { loadedAt: number; items: Map<string, MenuItem> } | null = null;
  /** Bumped on every invalidation, so a load that raced with an edit is not cached. */
  private generation = 0;

  constructor(
    private readonly menuItems: MenuRepository,
    private readonly bootstrap: DatabaseBootstrapService,
    private readonly cluster: ClusterEvents,
    @Inject(restaurantConfig.KEY) restaurant: ConfigType<typeof restaurantConfig>,
  ) {
    this.currency = restaurant.currency;
    cluster.on(MENU_TOPIC).subscribe(() => this.forget());
  }

  /** Seeds the demo menu once per database (a marker keeps it from coming back after staff delete it). */
  async onApplicationBootstrap(): Promise<void> {
    await this.bootstrap.withBootstrapLock(() =>
      this.menuItems.transaction(async (tx) => {
        if (await tx.hasSetting(SEEDED_MARKER)) return;
        const existing = await tx.countItems();
        if (existing === 0) {
          await tx.insertItems(
            DEMO_MENU.map((item, index) => ({
              id: randomUUID(),
              ...item,
              currency: this.currency,
              available: true,
              prepMinutes: DEMO_PREP_MINUTES[item.category] ?? null,
              sortOrder: index,
            })),
          );
          this.logger.log(`Seeded the demo menu (${DEMO_MENU.length} items)`);
        }
        await tx.insertSetting(SEEDED_MARKER, new Date().toISOString());
      }),
    );
    await this.bootstrap.withBootstrapLock(() =>
      this.menuItems.transaction(async (tx) => {
        if (await tx.hasSetting(OPTIONS_SEEDED_MARKER)) return;
        let groups = 0;
        for (const dish of await tx.allDishes()) {
          const demo = DEMO_OPTION_GROUPS[dish.name];
          if (!demo || dish.optionGroups.length > 0) continue;
          for (const [position, group] of demo.entries()) {
            await this.insertGroup(tx, dish.id, position, {
              name: group.name,
              minChoices: group.minChoices,
              maxChoices: group.maxChoices,
              options: group.options.map(([name, priceDeltaCents, isDefault]) => ({ name, priceDeltaCents, isDefault })),
            });
            groups++;
          }
        }
        if (groups > 0) this.logger.log(`Gave the demo dishes their choices (${groups} option groups)`);
        await tx.insertSetting(OPTIONS_SEEDED_MARKER, new Date().toISOString());
      }),
    );
  }

  /** The menu in its display order, from the same cache orders are priced from. */
  async list(onlyAvailable = false): Promise<MenuItemDto[]> {
    const rows = [...(await this.cached()).values()];
    return (onlyAvailable ? rows.filter((r) => r.available) : rows).map(toDto);
  }

  /** The requested items, keyed by id; missing ids are simply absent. */
  async findByIds(ids: string[]): Promise<Map<string, MenuItem>> {
    const all = await this.cached();
    const found = new Map<string, MenuItem>();
    for (const id of ids) {
      const item = all.get(id);
      if (item) found.set(id, item);
    }
    return found;
  }

  /** Every menu edit, made here or on another replica: caches built from the menu (the voice prompt, the dashboard) drop. */
  get changes(): Observable<void> {
    return this.changes$.asObservable();
  }

  private async cached(): Promise<Map<string, MenuItem>> {
    if (this.cache && Date.now() - this.cache.loadedAt < MENU_CACHE_MAX_AGE_MS) return this.cache.items;
    const loadedAt = Date.now();
    const generation = this.generation;
    // Loaded in display order; the map keeps it.
    const rows = await this.menuItems.findAllInDisplayOrder();
    const items = new Map(rows.map((r) => [r.id, r]));
    if (generation === this.generation) this.cache = { loadedAt, items };
    return items;
  }

  async create(dto: CreateMenuItemDto): Promise<MenuItemDto> {
    await this.assertNameFree(dto.name);
    const item = await this.menuItems.insert({
      id: randomUUID(),
      name: dto.name.trim(),
      description: dto.description?.trim() ?? '',
      category: dto.category.trim(),
      priceCents: dto.priceCents,
      currency: this.currency,
      available: dto.available ?? true,
      prepMinutes: dto.prepMinutes ?? null,
      sortOrder: 1000,
    });
    const saved = toDto(item);
    this.changed();
    return saved;
  }

  async update(id: string, dto: UpdateMenuItemDto): Promise<MenuItemDto> {
    const item = await this.menuItems.findById(id);
    if (!item) throw new NotFoundError('Menu item');
    if (dto.name != null && dto.name.trim().toLowerCase() !== item.name.toLowerCase()) {
      await this.assertNameFree(dto.name);
    }
    Object.assign(item, {
      ...(dto.name != null && { name: dto.name.trim() }),
      ...(dto.description != null && { description: dto.description.trim() }),
      ...(dto.category != null && { category: dto.category.trim() }),
      ...(dto.priceCents != null && { priceCents: dto.priceCents }),
      ...(dto.available != null && { available: dto.available }),
      ...(dto.prepMinutes !== undefined && { prepMinutes: dto.prepMinutes }),
    });
    assertPriceable(item);
    const { optionGroups, ...columns } = item;
    const saved = toDto({ ...(await this.menuItems.save(columns as MenuItem)), optionGroups });
    this.changed();
    return saved;
  }

  /** Adds a group of choices (with its options) to a dish, after its existing groups. */
  addGroup(menuItemId: string, dto: CreateOptionGroupDto): Promise<MenuItemDto> {
    assertChoiceRange(dto.name, dto.minChoices, dto.maxChoices);
    return this.editDish(menuItemId, async (tx, dish) => {
      const position = Math.max(-1, ...dish.optionGroups.map((g) => g.position)) + 1;
      await this.insertGroup(tx, dish.id, position, dto);
    });
  }

  async updateGroup(groupId: string, dto: UpdateOptionGroupDto): Promise<MenuItemDto> {
    return this.editDish(await this.dishOf('group', groupId), async (tx, dish) => {
      const group = dish.optionGroups.find((g) => g.id === groupId)!;
      assertChoiceRange(dto.name ?? group.name, dto.minChoices ?? group.minChoices, dto.maxChoices ?? group.maxChoices);
      await tx.updateGroup(groupId, {
        ...(dto.name != null && { name: dto.name }),
        ...(dto.minChoices != null && { minChoices: dto.minChoices }),
        ...(dto.maxChoices != null && { maxChoices: dto.maxChoices }),
      });
    });
  }

  async removeGroup(groupId: string): Promise<MenuItemDto> {
    return this.editDish(await this.dishOf('group', groupId), (tx) => tx.deleteGroup(groupId));
  }

  async addOption(groupId: string, dto: CreateMenuOptionDto): Promise<MenuItemDto> {
    return this.editDish(await this.dishOf('group', groupId), async (tx, dish) => {
      const group = dish.optionGroups.find((g) => g.id === groupId)!;
      const position = Math.max(-1, ...group.options.map((o) => o.position)) + 1;
      await tx.insertOption(newOption(groupId, position, dto));
    });
  }

  async updateOption(optionId: string, dto: UpdateMenuOptionDto): Promise<MenuItemDto> {
    return this.editDish(await this.dishOf('option', optionId), async (tx) => {
      await tx.updateOption(optionId, {
        ...(dto.name != null && { name: dto.name }),
        ...(dto.priceDeltaCents != null && { priceDeltaCents: dto.priceDeltaCents }),
        ...(dto.available != null && { available: dto.available }),
        ...(dto.isDefault != null && { isDefault: dto.isDefault }),
      });
    });
  }

  async removeOption(optionId: string): Promise<MenuItemDto> {
    return this.editDish(await this.dishOf('option', optionId), (tx) => tx.deleteOption(optionId));
  }

  private async dishOf(kind: 'group' | 'option', id: string): Promise<string> {
    const dishId = await this.menuItems.transaction((tx) => (kind === 'group' ? tx.dishOfGroup(id) : tx.dishOfOption(id)));
    if (!dishId) throw new NotFoundError(kind === 'group' ? 'Option group' : 'Option');
    return dishId;
  }

  private async insertGroup(tx: MenuTransaction, menuItemId: string, position: number, dto: CreateOptionGroupDto): Promise<void> {
    const id = randomUUID();
    await tx.insertGroup(
      { id, menuItemId, name: dto.name, minChoices: dto.minChoices, maxChoices: dto.maxChoices, position },
      dto.options.map((option, index) => newOption(id, index, option)),
    );
  }

  /**
   * One edit of a dish or its choices, in a transaction that holds the dish's row: the edit, then the dish as it
   * now is is checked (a group that asks for more than it allows, a line that could cost less than nothing) and
   * the edit is undone if it fails. Returns the dish as stored and tells every replica.
   */
  private async editDish(menuItemId: string, edit: (tx: MenuTransaction, dish: MenuItem) => Promise<void>): Promise<MenuItemDto> {
    let saved: MenuItem;
    try {
      saved = await this.menuItems.transaction(async (tx) => {
        const dish = await tx.lockDish(menuItemId);
        if (!dish) throw new NotFoundError('Menu item');
        await edit(tx, dish);
        const after = (await tx.lockDish(menuItemId))!;
        assertPriceable(after);
        return after;
      });
    } catch (err) {
      if ((err as { driverError?: { code?: string }; code?: string }).driverError?.code === UNIQUE_VIOLATION) {
        throw new DomainError(ErrorCode.MENU_ITEM_NAME_TAKEN, 'That name is already used in this group or dish; choose another.');
      }
      throw err;
    }
    this.changed();
    return toDto(saved);
  }

  /** An edit made here: dropped here and announced to the other replicas. */
  private changed(): void {
    this.forget();
    this.cluster.publish(MENU_TOPIC);
  }

  private forget(): void {
    this.cache = null;
    this.generation++;
    this.changes$.next();
  }

  private async assertNameFree(name: string): Promise<void> {
    if (await this.menuItems.nameTaken(name.trim())) {
      throw new DomainError(ErrorCode.MENU_ITEM_NAME_TAKEN, `A menu item named "${name.trim()}" already exists.`);
    }
  }
}

function newOption(groupId: string, position: number, dto: CreateMenuOptionDto): NewMenuOption {
  return {
    id: randomUUID(),
    groupId,
    name: dto.name,
    priceDeltaCents: dto.priceDeltaCents,
    available: dto.available ?? true,
    isDefault: dto.isDefault ?? false,
    position,
  };
}

/** A group cannot ask for more choices than it allows (the table refuses it too, without a message to show). */
function assertChoiceRange(name: string, minChoices: number, maxChoices: number): void {
  if (minChoices > maxChoices) {
    throw new DomainError(ErrorCode.INVALID_INPUT, `${name}: minChoices (${minChoices}) cannot be more than maxChoices (${maxChoices}).`);
  }
}

/** Refuses a dish whose cheapest line would cost less than nothing. */
function assertPriceable(dish: MenuItem): void {
  const lowest = lowestUnitPrice(dish.priceCents, dish.optionGroups);
  if (lowest < 0) {
    throw new DomainError(
      ErrorCode.PRICE_BELOW_ZERO,
      `With these choices a ${dish.name} could cost ${formatMoney(lowest, dish.currency)}; options may lower a price only as far as zero.`,
      { menuItemIds: [dish.id] },
    );
  }
}

function toDto(item: MenuItem): MenuItemDto {
  return {
    id: item.id,
    name: item.name,
    description: item.description,
    category: item.category,
    priceCents: item.priceCents,
    currency: item.currency,
    available: item.available,
    prepMinutes: item.prepMinutes ?? null,
    optionGroups: (item.optionGroups ?? []).map((g) => ({
      id: g.id,
      name: g.name,
      minChoices: g.minChoices,
      maxChoices: g.maxChoices,
      options: g.options.map((o) => ({
        id: o.id,
        name: o.name,
        priceDeltaCents: o.priceDeltaCents,
        available: o.available,
        isDefault: o.isDefault,
      })),
    })),
  };
}
