import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminAuthGuard } from '@/common/admin-auth.guard.js';
import { DomainError, ErrorCode } from '@/common/domain-error.js';
import { CreateOrderDto } from './dto/create-order.dto.js';
import { OrderDto, OrderPageDto, QuoteDto } from './dto/order.dto.js';
import { OrderQueryDto, UpdateStatusDto } from './dto/order-query.dto.js';
import { OrdersService } from './orders.service.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

@ApiTags('orders')
@Controller('api/orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @ApiOperation({ summary: 'Place an order; the server prices it (clients never send prices or totals)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retry-safe key (1-255 printable characters): the same key and body return the first response',
  })
  @ApiCreatedResponse({ type: OrderDto })
  @ApiUnprocessableEntityResponse({
    description:
      'Business rejection with a stable code: ITEM_UNAVAILABLE, RESTAURANT_CLOSED, OUT_OF_DELIVERY_AREA, BELOW_MINIMUM_ORDER, IDEMPOTENCY_KEY_REUSED, ...',
  })
  @ApiTooManyRequestsResponse({ description: 'Rate limit (THROTTLE_LIMIT per THROTTLE_TTL_SECONDS per client)' })
  async create(
    @Body() dto: CreateOrderDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderDto> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new DomainError(ErrorCode.IDEMPOTENCY_KEY_INVALID, 'Idempotency-Key must be 1 to 255 printable characters.');
    }
    const result = await this.orders.create(dto, {
      channel: dto.channel ?? 'web',
      idempotencyKey: idempotencyKey ? `api:${idempotencyKey}` : undefined,
    });
    reply.code(result.statusCode);
    if (result.replayed) reply.header('Idempotent-Replayed', 'true');
    return result.body;
  }

  @Post('quote')
  @HttpCode(200)
  @ApiOperation({ summary: 'Price an order (items, delivery fee, tax, total) without placing it' })
  @ApiBody({ type: CreateOrderDto })
  @ApiOkResponse({ type: QuoteDto })
  quote(@Body() dto: CreateOrderDto): Promise<QuoteDto> {
    return this.orders.quote(dto);
  }

  @Get()
  @UseGuards(AdminAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'List orders, newest first, filtered and paginated (admin)' })
  @ApiOkResponse({ type: OrderPageDto })
  list(@Query() query: OrderQueryDto): Promise<OrderPageDto> {
    return this.orders.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One order, for whoever holds its id' })
  @ApiOkResponse({ type: OrderDto })
  findOne(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string): Promise<OrderDto> {
    return this.orders.findById(id);
  }

  @Patch(':id/status')
  @UseGuards(AdminAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Move an order through its lifecycle (admin); 409 on an illegal move' })
  @ApiOkResponse({ type: OrderDto })
  @ApiConflictResponse({ description: 'ILLEGAL_TRANSITION: the move is not allowed from the current status' })
  changeStatus(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateStatusDto): Promise<OrderDto> {
    return this.orders.changeStatus(id, dto.status, 'admin-api');
  }
}
