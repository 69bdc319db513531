import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ModuleRef } from '@nestjs/core';
import { businessDate } from '@/common/business-date.js';
import type { RestaurantConfig } from '@/config/restaurant.config.js';
import type { OrderDto } from '@/orders/dto/order.dto.js';
import type { OrderQueryDto } from '@/orders/dto/order-query.dto.js';
import { ORDER_STATUSES, OrderStatus } from '@/orders/order-status.js';
import { OrdersService } from '@/orders/orders.service.js';
import { CallSummary, DashboardCallsProvider, DashboardExportProvider } from './dashboard-integrations.js';
import type { BoardQueryDto } from './dto/dashboard.dto.js';

/** Statuses the board shows as columns by default: everything the kitchen still has to act on. */
export const ACTIVE_STATUSES: OrderStatus[] = ['received', 'confirmed', 'preparing', 'ready', 'out_for_delivery'];

/** A day's board is read in pages of 100; a restaurant day beyond this is shown truncated (and says so). */
const MAX_BOARD_ORDERS = 600;

export interface BoardDto {
  date: string | null;
  statuses: OrderStatus[];
  orders: OrderDto[];
  truncated: boolean;
}

export interface OrderDetailDto {
  order: OrderDto;
  call: CallSummary | null;
  callsConfigured: boolean;
}

@Injectable()
export class DashboardService implements OnModuleInit {
  private readonly logger = new Logger(DashboardService.name);
  private readonly restaurant: RestaurantConfig;
  private exportProvider: DashboardExportProvider | null;
  private callsProvider: DashboardCallsProvider | null;

  constructor(
    private readonly orders: OrdersService,
    private readonly moduleRef: ModuleRef,
    config: ConfigService,
    @Optional() @Inject(DashboardExportProvider) exportProvider?: DashboardExportProvider,
    @Optional() @Inject(DashboardCallsProvider) callsProvider?: DashboardCallsProvider,
  ) {
    this.restaurant = config.getOrThrow<RestaurantConfig>('restaurant');
    this.exportProvider = exportProvider ?? null;
    this.callsProvider = callsProvider ?? null;
  }

  /** Injected when a global module exports the token; otherwise found in whichever module provides it. */
  onModuleInit(): void {
    this.exportProvider ??= this.lookup(DashboardExportProvider);
    this.callsProvider ??= this.lookup(DashboardCallsProvider);
  }

  get exports(): DashboardExportProvider | null {
    return this.exportProvider;
  }

  get callsConfigured(): boolean {
    return this.callsProvider !== null;
  }

  today(): string {
    return businessDate(new Date(), this.restaurant.timezone);
  }

  async board(query: BoardQueryDto): Promise<BoardDto> {
    const date = query.date === 'any' ? null : (query.date ?? this.today());
    const filter = query.status ?? 'active';
    const statuses: OrderStatus[] = filter === 'active' ? ACTIVE_STATUSES : filter === 'all' ? [...ORDER_STATUSES] : [filter];
    const base: OrderQueryDto = {
      status: statuses,
      ...(query.channel && { channel: [query.channel] }),
      ...(date && { from: date, to: date }),
      ...(query.q && { q: query.q }),
      limit: 100,
    };
    const orders: OrderDto[] = [];
    let cursor: string | undefined;
    // Without a day, a search looks at the most recent matches only.
    const cap = date ? MAX_BOARD_ORDERS : 100;
    do {
      const page = await this.orders.list({ ...base, ...(cursor && { cursor }) });
      orders.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && orders.length < cap);
    return { date, statuses, orders, truncated: cursor !== undefined };
  }

  async detail(id: string): Promise<OrderDetailDto> {
    const order = await this.orders.findById(id);
    let call: CallSummary | null = null;
    if (this.callsProvider && order.voiceCallId) {
      try {
        call = await this.callsProvider.callForOrder({ id: order.id, voiceCallId: order.voiceCallId });
      } catch (err) {
        // The order is still worth showing when the call record cannot be read.
        this.logger.warn(`Call record for order ${order.orderNumber} unavailable: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return { order, call, callsConfigured: this.callsProvider !== null };
  }

  private lookup<T>(token: abstract new (...args: never[]) => T): T | null {
    try {
      return this.moduleRef.get(token as never, { strict: false }) ?? null;
    } catch {
      return null;
    }
  }
}
