import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { businessDate } from '@/common/business-date.js';
import { Clock } from '@/common/clock.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import { ExportDashboardProvider } from '@/export/export-dashboard.provider.js';
import type { OrderDto } from '@/orders/dto/order.dto.js';
import type { OrderQueryDto } from '@/orders/dto/order-query.dto.js';
import { ORDER_STATUSES, OrderStatus } from '@/orders/order-status.js';
import { OrdersService } from '@/orders/orders.service.js';
import { CallsDashboardProvider, CallSummary } from '@/voice/calls-dashboard.provider.js';
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
  /** Part of the page's contract (it says "not configured" when false); every API process has the voice module. */
  callsConfigured: boolean;
}

@Injectable()
export class DashboardService {
  private readonly logger = new Logger(DashboardService.name);

  constructor(
    private readonly orders: OrdersService,
    /** The export panel's data, from the export module. */
    readonly exports: ExportDashboardProvider,
    private readonly calls: CallsDashboardProvider,
    private readonly clock: Clock,
    @Inject(restaurantConfig.KEY) private readonly restaurant: ConfigType<typeof restaurantConfig>,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  today(): string {
    return businessDate(this.clock.now(), this.restaurant.timezone);
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
    if (order.voiceCallId) {
      try {
        call = await this.calls.callForOrder({ id: order.id, voiceCallId: order.voiceCallId });
      } catch (err) {
        // The order is still worth showing when the call record cannot be read.
        this.logger.warn(`Call record for order ${order.orderNumber} unavailable: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return { order, call, callsConfigured: true };
  }
}
