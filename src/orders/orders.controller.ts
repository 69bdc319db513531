import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminAuthGuard } from '@/common/admin-auth.guard.js';
import { DomainError, ErrorCode } from '@/common/domain-error.js';
import {
  ApiErrors,
  bodyRefusals,
  databaseUnavailable,
  domainError,
  type ErrorAnswer,
  notAUuid,
  notFound,
  rateLimited,
  unauthorized,
  validationFailed,
  undecodablePath,
} from '@/openapi/api-errors.js';
import { CreateOrderDto } from './dto/create-order.dto.js';
import { OrderDto, OrderPageDto, QuoteDto } from './dto/order.dto.js';
import {
  CONFIRMED_ORDER_EXAMPLE,
  CREATE_ORDER_EXAMPLE,
  ORDER_EXAMPLE,
  ORDER_PAGE_EXAMPLE,
  QUOTE_EXAMPLE,
  UPDATE_STATUS_EXAMPLE,
} from './dto/order.examples.js';
import { OrderQueryDto, UpdateStatusDto } from './dto/order-query.dto.js';
import { OrdersService } from './orders.service.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

const NEXT_SLOTS_EXAMPLE = ['19:15', '19:45', '20:00'].map((time) => ({
  start: `2026-12-04T${time}:00.000-08:00`,
  time,
  capacity: 8,
  remaining: 2,
}));

/** Why an order (or its quote) is refused after validation: the pricing rules and the outside services. */
const PRICING_ANSWERS: ErrorAnswer[] = [
  validationFailed(
    'customerPhone must be an international phone number such as +12065550142',
    'items.0.quantity must not be greater than 50',
    'requestedTime must be a time with its offset, such as 2026-12-04T19:30:00-08:00',
  ),
  ...bodyRefusals,
  domainError(
    ErrorCode.INVALID_INPUT,
    'The request contains a value that cannot be stored (for example a NUL character or a number out of range).',
  ),
  domainError(ErrorCode.ITEM_UNAVAILABLE, 'Sorry, Garlic Knots is not available right now.', {
    menuItemIds: ['8b7d1e42-5c3a-4f0e-9a6b-0d2c4e6f8a21'],
  }),
  domainError(ErrorCode.UNKNOWN_OPTION, 'That is not an option of Tiramisu; it has no options to choose.', {
    menuItemId: '9f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f',
    optionIds: ['8c3b2e4a-9d5f-4a7b-8b43-5e6f7a8b9ca2'],
  }),
  domainError(
    ErrorCode.OPTION_UNAVAILABLE,
    'Sorry, Mushrooms is not available for Margherita Pizza right now. Toppings: Extra cheese, Olives or Fresh basil.',
    {
      menuItemId: '3f0c5b8e-2a51-4f55-9d2c-1f1f3c6f8a10',
      optionGroupId: '3d0f5c2b-1e4a-4b7c-8d9f-8a2b3c4d5e6f',
      optionIds: ['ae5d4a6c-1f7b-4c9d-8d65-7a8b9cadbec4'],
    },
  ),
  domainError(ErrorCode.OPTION_REQUIRED, 'Chicken Wings needs a sauce: Calabrian chili, Honey garlic or Buffalo.', {
    menuItemId: '5e4d3c2b-1a09-4f8e-8d7c-6b5a4f3e2d1c',
    optionGroupId: '4e1a6d3c-2f5b-4c8d-9e0a-9b3c4d5e6f70',
  }),
  domainError(ErrorCode.TOO_MANY_OPTIONS, 'Margherita Pizza takes at most 5 toppings; 6 were chosen.', {
    menuItemId: '3f0c5b8e-2a51-4f55-9d2c-1f1f3c6f8a10',
    optionGroupId: '3d0f5c2b-1e4a-4b7c-8d9f-8a2b3c4d5e6f',
  }),
  domainError(ErrorCode.OPTION_REPEATED, 'Margherita Pizza: "Extra cheese" was chosen twice; each option can be chosen once.', {
    menuItemId: '3f0c5b8e-2a51-4f55-9d2c-1f1f3c6f8a10',
    optionIds: ['9d4c3f5b-0e6a-4b8c-9c54-6f7a8b9cadb3'],
  }),
  domainError(ErrorCode.RESTAURANT_CLOSED, "Sorry, Luigi's Trattoria is closed right now. Today we are open 11:00 to 22:00."),
  domainError(ErrorCode.ORDERING_PAUSED, "Sorry, Luigi's Trattoria is not taking new orders right now. We start again at 7:30 pm.", {
    resumesAt: '2026-12-04T19:30:00.000-08:00',
  }),
  domainError(ErrorCode.SLOT_FULL, 'Sorry, 7 pm is fully booked. We have 7:15 pm, 7:45 pm or 8 pm.', {
    requestedTime: '2026-12-04T19:00:00.000-08:00',
    nextSlots: NEXT_SLOTS_EXAMPLE,
  }),
  domainError(ErrorCode.TIME_TOO_SOON, "Sorry, we need at least 30 minutes' notice for an order ahead. We have 7:15 pm, 7:45 pm or 8 pm.", {
    requestedTime: '2026-12-04T18:45:00.000-08:00',
    nextSlots: NEXT_SLOTS_EXAMPLE,
  }),
  domainError(ErrorCode.TIME_TOO_FAR, 'Sorry, we take orders at most 7 days ahead.', {
    requestedTime: '2026-12-24T19:00:00.000-08:00',
    nextSlots: [],
  }),
  domainError(ErrorCode.TIME_CLOSED, 'Sorry, we are closed tomorrow at 8 am. We have tomorrow at 11 am, 11:15 am or 11:30 am.', {
    requestedTime: '2026-12-05T08:00:00.000-08:00',
    nextSlots: [],
  }),
  domainError(
    ErrorCode.TIME_NOT_ON_SLOT,
    'We schedule orders every 15 minutes, on the hour and past it. We have 7:15 pm, 7:45 pm or 8 pm.',
    { requestedTime: '2026-12-04T19:07:00.000-08:00', nextSlots: NEXT_SLOTS_EXAMPLE },
  ),
  domainError(
    ErrorCode.OUT_OF_DELIVERY_AREA,
    'Sorry, 1 Microsoft Way, Redmond, WA is 12.4 km away and we deliver up to 10 km. Pickup is always possible.',
    { distanceMeters: 12400, maxDistanceMeters: 10000 },
  ),
  domainError(ErrorCode.BELOW_MINIMUM_ORDER, 'Delivery to this address needs a minimum order of $20.00; please add $4.50 more.', {
    minOrderCents: 2000,
    shortByCents: 450,
  }),
  domainError(ErrorCode.ADDRESS_NOT_FOUND, 'We could not find that address. Please give the street, house number and city.'),
  rateLimited,
  domainError(ErrorCode.GEO_UNAVAILABLE, 'We cannot check delivery addresses right now. Please try again in a minute, or choose pickup.'),
  databaseUnavailable,
];

const paymentUnavailable = domainError(
  ErrorCode.PAYMENT_UNAVAILABLE,
  'Card payments are not available right now. Please try again in a moment, or pay with cash.',
);
const paymentRefused = domainError(
  ErrorCode.PAYMENT_PROVIDER_REFUSED,
  'The card payment could not be set up (Amount must be at least $0.50 usd). Please pay with cash or contact the restaurant.',
);
const illegalTransition = domainError(ErrorCode.ILLEGAL_TRANSITION, 'Order A-1042 is ready; it can move to completed.', {
  currentStatus: 'ready',
  allowed: ['completed'],
});

@ApiTags('orders')
@Controller('api/orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @ApiOperation({
    operationId: 'placeOrder',
    summary: 'Place an order; the server prices it (clients never send prices or totals)',
    security: [],
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retry-safe key (1-255 printable characters): the same key and body return the first response',
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]{1,255}$', example: 'order-7f3c9a2e' },
  })
  @ApiBody({ type: CreateOrderDto, examples: { delivery: { summary: 'Delivery, paid by card', value: CREATE_ORDER_EXAMPLE } } })
  @ApiCreatedResponse({
    description: 'The order as placed (also the answer to a retry with the same Idempotency-Key and body)',
    type: OrderDto,
    example: ORDER_EXAMPLE,
    headers: {
      'Idempotent-Replayed': {
        description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key',
        schema: { type: 'string', enum: ['true'] },
      },
    },
  })
  @ApiErrors(
    PRICING_ANSWERS,
    domainError(ErrorCode.IDEMPOTENCY_KEY_INVALID, 'Idempotency-Key must be 1 to 255 printable characters.'),
    domainError(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      'This Idempotency-Key was already used for a different order. Use a new key for a new order.',
    ),
    paymentRefused,
    paymentUnavailable,
  )
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
  @ApiOperation({
    operationId: 'quoteOrder',
    summary: 'Price an order (items, delivery fee, tax, total) without placing it',
    security: [],
  })
  @ApiBody({ type: CreateOrderDto, examples: { delivery: { summary: 'Delivery, paid by card', value: CREATE_ORDER_EXAMPLE } } })
  @ApiOkResponse({ description: 'The prices the order would have now', type: QuoteDto, example: QUOTE_EXAMPLE })
  @ApiErrors(PRICING_ANSWERS)
  quote(@Body() dto: CreateOrderDto): Promise<QuoteDto> {
    return this.orders.quote(dto);
  }

  @Get()
  @UseGuards(AdminAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'listOrders', summary: 'List orders, newest first, filtered and paginated (admin)' })
  @ApiOkResponse({ description: 'One page of orders', type: OrderPageDto, example: ORDER_PAGE_EXAMPLE })
  @ApiErrors(
    validationFailed('each value in status must be one of the following values: received, confirmed, preparing'),
    domainError(ErrorCode.INVALID_CURSOR, 'cursor is not a cursor this API returned'),
    unauthorized(),
    rateLimited,
    databaseUnavailable,
  )
  list(@Query() query: OrderQueryDto): Promise<OrderPageDto> {
    return this.orders.list(query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getOrder', summary: 'One order, for whoever holds its id', security: [] })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The order id from the create response' })
  @ApiOkResponse({ description: 'The order with its history', type: OrderDto, example: CONFIRMED_ORDER_EXAMPLE })
  @ApiErrors(notAUuid(), undecodablePath, notFound('Order'), rateLimited, databaseUnavailable)
  findOne(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string): Promise<OrderDto> {
    return this.orders.findById(id);
  }

  @Patch(':id/status')
  @UseGuards(AdminAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'changeOrderStatus', summary: 'Move an order through its lifecycle (admin); 409 on an illegal move' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The order' })
  @ApiBody({ type: UpdateStatusDto, examples: { confirm: { summary: 'Confirm a new order', value: UPDATE_STATUS_EXAMPLE } } })
  @ApiOkResponse({ description: 'The order after the move, with its history', type: OrderDto, example: CONFIRMED_ORDER_EXAMPLE })
  @ApiErrors(
    validationFailed('status must be one of received, confirmed, preparing, ready, out_for_delivery, completed, cancelled'),
    notAUuid(),
    undecodablePath,
    bodyRefusals,
    unauthorized(),
    notFound('Order'),
    illegalTransition,
    rateLimited,
    databaseUnavailable,
  )
  changeStatus(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateStatusDto): Promise<OrderDto> {
    return this.orders.changeStatus(id, dto.status, 'admin-api');
  }
}
