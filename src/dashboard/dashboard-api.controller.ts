import { Body, Controller, Get, MessageEvent, Param, ParseUUIDPipe, Patch, Post, Query, Res, Sse, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type {} from '@fastify/static'; // reply.sendFile (registered in dashboard-plugins.ts)
import type { FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Observable } from 'rxjs';
import { DomainError, ErrorCode, NotFoundError } from '@/common/domain-error.js';
import type { RestaurantConfig } from '@/config/restaurant.config.js';
import type { MenuItemDto } from '@/menu/dto/menu-item.dto.js';
import { MenuService } from '@/menu/menu.service.js';
import type { OrderDto } from '@/orders/dto/order.dto.js';
import { OrdersService } from '@/orders/orders.service.js';
import { CurrentSession, DashboardAuthGuard } from './dashboard-auth.guard.js';
import { DashboardAuthService } from './dashboard-auth.service.js';
import type { ExportQueueHealth } from './dashboard-integrations.js';
import type { DashboardSession } from './dashboard-session.js';
import { DashboardStreams } from './dashboard-streams.service.js';
import { BoardDto, DashboardService, OrderDetailDto } from './dashboard.service.js';
import { BoardQueryDto, MenuAvailabilityDto, StatusChangeDto } from './dto/dashboard.dto.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Everything behind the staff session: board data, order moves, menu availability, export, live events. */
@ApiExcludeController()
@SkipThrottle()
@UseGuards(DashboardAuthGuard)
@Controller('dashboard')
export class DashboardApiController {
  private readonly restaurant: RestaurantConfig;

  constructor(
    private readonly dashboard: DashboardService,
    private readonly orders: OrdersService,
    private readonly menu: MenuService,
    private readonly auth: DashboardAuthService,
    private readonly streams: DashboardStreams,
    config: ConfigService,
  ) {
    this.restaurant = config.getOrThrow<RestaurantConfig>('restaurant');
  }

  @Get('api/session')
  session(@CurrentSession() session: DashboardSession) {
    return {
      user: session.user,
      csrfToken: this.auth.csrfToken(session),
      expiresAt: new Date(session.expiresAt).toISOString(),
      restaurant: { name: this.restaurant.name, timezone: this.restaurant.timezone, currency: this.restaurant.currency },
      today: this.dashboard.today(),
      features: { export: this.dashboard.exports !== null, calls: this.dashboard.callsConfigured },
    };
  }

  @Get('api/orders')
  board(@Query() query: BoardQueryDto): Promise<BoardDto> {
    return this.dashboard.board(query);
  }

  @Get('api/orders/:id')
  detail(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string): Promise<OrderDetailDto> {
    return this.dashboard.detail(id);
  }

  @Patch('api/orders/:id/status')
  changeStatus(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string,
    @Body() dto: StatusChangeDto,
    @CurrentSession() session: DashboardSession,
  ): Promise<OrderDto> {
    return this.orders.changeStatus(id, dto.status, `dashboard:${session.user}`);
  }

  @Get('api/menu')
  menuItems(): Promise<MenuItemDto[]> {
    return this.menu.list(false);
  }

  @Patch('api/menu/:id')
  setAvailability(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string,
    @Body() dto: MenuAvailabilityDto,
  ): Promise<MenuItemDto> {
    return this.menu.update(id, { available: dto.available });
  }

  @Get('api/exports/status')
  async exportStatus(): Promise<{ configured: false } | ({ configured: true } & ExportQueueHealth)> {
    const provider = this.dashboard.exports;
    if (!provider) return { configured: false };
    return { configured: true, ...(await provider.health()) };
  }

  @Post('api/exports/retry')
  retryExports(): Promise<{ retried: number }> {
    return this.requireExports().retryFailed();
  }

  @Get('exports/:date')
  async downloadWorkbook(@Param('date') date: string, @Res() reply: FastifyReply): Promise<void> {
    if (!DAY.test(date) || Number.isNaN(Date.parse(date))) {
      throw new DomainError(ErrorCode.INVALID_WORKBOOK_DAY, 'date must be a day as YYYY-MM-DD');
    }
    const path = await this.requireExports().workbookPath(date);
    if (!path || !existsSync(path)) throw new NotFoundError(`The workbook for ${date}`);
    // @fastify/static (dashboard-plugins.ts): Last-Modified, byte ranges, conditional requests, HEAD.
    reply.header('Cache-Control', 'no-store').header('Content-Disposition', `attachment; filename="${basename(path)}"`);
    reply.sendFile(basename(path), dirname(path), { cacheControl: false });
  }

  @Sse('events')
  events(): Observable<MessageEvent> {
    return this.streams.events();
  }

  private requireExports() {
    const provider = this.dashboard.exports;
    if (!provider) throw new DomainError(ErrorCode.NOT_FOUND, 'The Excel export is not configured on this server.');
    return provider;
  }
}
