import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { Observable, Subject } from 'rxjs';
import { ClusterEvents } from '@/cluster-events/cluster-events.js';
import { DomainError, ErrorCode, NotFoundError } from '@/common/domain-error.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import { DatabaseBootstrapService } from '@/database/database-bootstrap.service.js';
import { DEMO_MENU } from './demo-menu.js';
import { CreateMenuItemDto, MenuItemDto, UpdateMenuItemDto } from './dto/menu-item.dto.js';
import { MenuItem } from './entities/menu-item.entity.js';
import { MenuRepository } from './menu.repository.js';

const SEEDED_MARKER = 'demo_menu_seeded';
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
            DEMO_MENU.map((item, index) => ({ id: randomUUID(), ...item, currency: this.currency, available: true, sortOrder: index })),
          );
          this.logger.log(`Seeded the demo menu (${DEMO_MENU.length} items)`);
        }
        await tx.insertSetting(SEEDED_MARKER, new Date().toISOString());
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
      sortOrder: 1000,
    });
    const saved = toDto(item);
    this.changed();
    return saved;
  }

  async update(id: string, dto: UpdateMenuItemDto): Promise<MenuItemDto> {
    const item = await this.menuItems.findById(id);
    if (!item) throw new NotFoundError('Menu item');
    if (dto.name !== undefined && dto.name.trim().toLowerCase() !== item.name.toLowerCase()) {
      await this.assertNameFree(dto.name);
    }
    Object.assign(item, {
      ...(dto.name !== undefined && { name: dto.name.trim() }),
      ...(dto.description !== undefined && { description: dto.description.trim() }),
      ...(dto.category !== undefined && { category: dto.category.trim() }),
      ...(dto.priceCents !== undefined && { priceCents: dto.priceCents }),
      ...(dto.available !== undefined && { available: dto.available }),
    });
    const saved = toDto(await this.menuItems.save(item));
    this.changed();
    return saved;
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

function toDto(item: MenuItem): MenuItemDto {
  return {
    id: item.id,
    name: item.name,
    description: item.description,
    category: item.category,
    priceCents: item.priceCents,
    currency: item.currency,
    available: item.available,
  };
}
