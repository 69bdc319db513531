import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  MessageEvent,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  Sse,
  UseGuards,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { isBusinessDay } from '@/common/business-date.js';
import { DomainError, ErrorCode, NotFoundError } from '@/common/domain-error.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import type { ExportQueueHealth } from '@/export/export-dashboard.provider.js';
import { sendWorkbook } from '@/export/workbook-download.js';
import { type MenuItemDto, UpdateOptionGroupDto } from '@/menu/dto/menu-item.dto.js';
import { MenuService } from '@/menu/menu.service.js';
import type { OrderDto } from '@/orders/dto/order.dto.js';
import { OrdersService } from '@/orders/orders.service.js';
import { StaffRefundDto } from '@/payments/dto/staff-refund.dto.js';
import { RefundsAttention, RefundsDashboardProvider } from '@/payments/refunds-dashboard.provider.js';
import { StaffRefunds } from '@/payments/staff-refunds.service.js';
import type { OrderingState } from '@/scheduling/ordering-state.service.js';
import { CallsDashboardProvider, MissedCalls } from '@/voice/calls-dashboard.provider.js';
import { CurrentSession, DashboardAuthGuard } from './dashboard-auth.guard.js';
import { DashboardAuthService } from './dashboard-auth.service.js';
import { DashboardOrdering } from './dashboard-ordering.service.js';
import type { DashboardSession } from './dashboard-session.js';
import { DashboardStreams } from './dashboard-streams.service.js';
import { OwnerOnly } from './staff-roles.js';
import { BoardDto, DashboardService, OrderDetailDto } from './dashboard.service.js';
import { BoardQueryDto, MenuAvailabilityDto, OrderingChangeDto, StatusChangeDto } from './dto/dashboard.dto.js';

/**
 * Everything behind the staff session (routes marked OwnerOnly: the owner's; the rest: every account): board data, order moves, refunds, missed calls, menu availability (dishes and their
 * options) and a group's limits, the pause and busy switch, export, live events.
 */
@ApiExcludeController()
@SkipThrottle()
@UseGuards(DashboardAuthGuard)
@Controller('dashboard')
export class DashboardApiController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly orders: OrdersService,
    private readonly menu: MenuService,
    private readonly auth: DashboardAuthService,
    private readonly streams: DashboardStreams,
    private readonly refunds: RefundsDashboardProvider,
    private readonly staffRefunds: StaffRefunds,
    private readonly ordering: DashboardOrdering,
    private readonly calls: CallsDashboardProvider,
    @Inject(restaurantConfig.KEY) private readonly restaurant: ConfigType<typeof restaurantConfig>,
  ) {}

  @Get('api/session')
  session(@CurrentSession() session: DashboardSession) {
    return {
      user: session.user,
      role: session.role,
      csrfToken: this.auth.csrfToken(session),
      expiresAt: new Date(session.expiresAt).toISOString(),
      restaurant: { name: this.restaurant.name, timezone: this.restaurant.timezone, currency: this.restaurant.currency },
      today: this.dashboard.today(),
      // The page counts promises down from the server's clock, not the tablet's (which may be minutes off).
      serverTime: this.dashboard.now().toISOString(),
      // Every API process has both; the page keeps its "not configured" states for a server without them.
      features: { export: true, calls: true },
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

  @Get('api/refunds')
  refundsNeedingAttention(): Promise<RefundsAttention> {
    return this.refunds.needingAttention();
  }

  @OwnerOnly()
  @Post('api/orders/:id/refund')
  @HttpCode(200)
  retryRefund(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string,
    @CurrentSession() session: DashboardSession,
  ): Promise<OrderDto> {
    return this.refunds.retryNow(id, session.user);
  }

  /** Phone calls that ended without an order, for staff to call back. */
  @Get('api/missed-calls')
  missedCalls(): Promise<MissedCalls> {
    return this.calls.missedCalls();
  }

  /** Staff called back (or decided not to): the call leaves the list on every board, with who did it. */
  @Post('api/missed-calls/:callId/handled')
  @HttpCode(200)
  missedCallHandled(@Param('callId') callId: string, @CurrentSession() session: DashboardSession) {
    return this.calls.markMissedHandled(callId, session.user);
  }

  /** A refund staff give from the order's detail (StaffRefunds: in part or in full, with a reason). */
  @OwnerOnly()
  @Post('api/orders/:id/refunds')
  @HttpCode(200)
  giveRefund(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string,
    @Body() dto: StaffRefundDto,
    @CurrentSession() session: DashboardSession,
  ): Promise<OrderDto> {
    return this.staffRefunds.refund(id, dto, `dashboard:${session.user}`);
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

  /** An option runs out or comes back; staff change nothing else of it (names and prices are the admin API's). */
  @Patch('api/menu-options/:optionId')
  setOptionAvailability(
    @Param('optionId', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) optionId: string,
    @Body() dto: MenuAvailabilityDto,
  ): Promise<MenuItemDto> {
    return this.menu.updateOption(optionId, { available: dto.available });
  }

  /** A group's name and how many of it may be chosen; its options are toggled one by one (above). */
  @OwnerOnly()
  @Patch('api/menu-option-groups/:groupId')
  updateOptionGroup(
    @Param('groupId', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) groupId: string,
    @Body() dto: UpdateOptionGroupDto,
  ): Promise<MenuItemDto> {
    return this.menu.updateGroup(groupId, dto);
  }

  @Get('api/ordering')
  orderingState(): Promise<OrderingState> {
    return this.ordering.current();
  }

  /** Pause new orders (until a time, or until lifted) or add minutes to every promise; every board hears it. */
  @Put('api/ordering')
  changeOrdering(@Body() dto: OrderingChangeDto, @CurrentSession() session: DashboardSession): Promise<OrderingState> {
    return this.ordering.change(dto, session.user);
  }

  @Get('api/exports/status')
  async exportStatus(): Promise<{ configured: true } & ExportQueueHealth> {
    return { configured: true, ...(await this.dashboard.exports.health()) };
  }

  @OwnerOnly()
  @Post('api/exports/retry')
  retryExports(): Promise<{ retried: number }> {
    return this.dashboard.exports.retryFailed();
  }

  @OwnerOnly()
  @Get('exports/:date')
  async downloadWorkbook(@Param('date') date: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!isBusinessDay(date)) throw new DomainError(ErrorCode.INVALID_WORKBOOK_DAY, 'date must be a day as YYYY-MM-DD');
    const path = await this.dashboard.exports.workbookPath(date);
    const notFound = () => new NotFoundError(`The workbook for ${date}`);
    if (!path) throw notFound();
    await sendWorkbook(req, reply, path, notFound);
  }

  @Sse('events')
  events(@CurrentSession() session: DashboardSession): Observable<MessageEvent> {
    return this.streams.events(session);
  }
}
