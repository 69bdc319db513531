import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { businessDate } from '@/common/business-date.js';
import { DomainError, ErrorCode, NotFoundError } from '@/common/domain-error.js';
import { formatMoney } from '@/common/money.js';
import type { RestaurantConfig } from '@/config/restaurant.config.js';
import { DeliveryQuote, DeliveryService } from '@/geo/delivery.service.js';
import { MenuService } from '@/menu/menu.service.js';
import { PaymentGateway, PaymentStart } from '@/payments/payment-gateway.js';
import type { CreateOrderDto } from './dto/create-order.dto.js';
import type { OrderDto, OrderPageDto, QuoteDto } from './dto/order.dto.js';
import type { OrderQueryDto } from './dto/order-query.dto.js';
import { OrderItem } from './entities/order-item.entity.js';
import { Order } from './entities/order.entity.js';
import { OrderEvent, OrderEvents } from './order-events.js';
import { toOrderDto } from './order-mapper.js';
import { formatOrderNumber, normalizeOrderNumber, ORDER_NUMBER_BLOCK } from './order-number.js';
import { canTransition, Channel, nextStatuses, OrderStatus, PaymentStatus } from './order-status.js';
import { isIdempotencyKeyTaken, OrdersRepository, StoredIdempotencyRecord } from './orders.repository.js';
import { computeTotals, PricedLine, priceLine, Totals } from './pricing.js';

export interface OrderContext {
  channel: Channel;
  /** Fully scoped key (`api:<header>`, `vapi:<call>:<tool call>`); absent = not idempotent. */
  idempotencyKey?: string;
  voiceCallId?: string;
}

/** See `setPaymentStatus`: only use `tx` inside (PGlite serializes connections). */
export type PaymentChangeGuard = (tx: EntityManager, current: Order) => Promise<boolean>;

export interface CreateOrderResult {
  statusCode: number;
  body: OrderDto;
  replayed: boolean;
}

export interface PricedDraft extends Totals {
  lines: PricedLine[];
  delivery: DeliveryQuote | null;
  currency: string;
}

@Injectable()
export class OrdersService {
  private readonly restaurant: RestaurantConfig;
  private numbers: { next: number; end: number } | null = null;
  private refill: Promise<void> | null = null;

  constructor(
    private readonly orders: OrdersRepository,
    private readonly menu: MenuService,
    private readonly delivery: DeliveryService,
    private readonly payments: PaymentGateway,
    private readonly events: OrderEvents,
    config: ConfigService,
  ) {
    this.restaurant = config.getOrThrow<RestaurantConfig>('restaurant');
  }

  /** Prices an order exactly as `create` would, without storing anything. */
  async quote(dto: CreateOrderDto): Promise<QuoteDto> {
    const draft = await this.price(dto);
    return {
      items: draft.lines,
      fulfillment: dto.fulfillment,
      delivery: draft.delivery && dto.deliveryAddress ? deliveryView(dto.deliveryAddress, draft.delivery) : null,
      subtotalCents: draft.subtotalCents,
      deliveryFeeCents: draft.deliveryFeeCents,
      taxCents: draft.taxCents,
      totalCents: draft.totalCents,
      currency: draft.currency,
    };
  }

  async create(dto: CreateOrderDto, ctx: OrderContext): Promise<CreateOrderResult> {
    const requestHash = hashRequest({ channel: ctx.channel, order: dto });
    // A replay must not call Stripe or the geocoder again, so orders that need them look the key up first.
    // The rest skip that round trip: the insert itself meets the key, and a replay is answered from there.
    const callsOutside = dto.paymentMethod === 'card' || dto.fulfillment === 'delivery';
    if (ctx.idempotencyKey && callsOutside) {
      const previous = await this.orders.findIdempotencyRecord(ctx.idempotencyKey);
      if (previous) return replay(previous, requestHash);
    }

    let draft: PricedDraft;
    try {
      draft = await this.price(dto);
    } catch (err) {
      // The first attempt may have succeeded before the menu or the hours changed: its answer stands.
      const previous = ctx.idempotencyKey && !callsOutside ? await this.orders.findIdempotencyRecord(ctx.idempotencyKey) : null;
      if (previous) return replay(previous, requestHash);
      throw err;
    }
    const id = randomUUID();
    const orderNumber = formatOrderNumber(await this.nextSequenceValue());
    const payment: PaymentStart | null =
      dto.paymentMethod === 'card'
        ? await this.payments.startPayment({
            orderId: id,
            orderNumber,
            amountCents: draft.totalCents,
            currency: draft.currency,
            channel: ctx.channel,
            customerPhone: dto.customerPhone,
            description: `${this.restaurant.name} order ${orderNumber}`,
          })
        : null;

    const order = this.buildOrder(id, orderNumber, dto, ctx, draft, payment);
    const body = toOrderDto(order, { clientSecret: payment?.clientSecret });
    try {
      await this.orders.insert(order, ctx.idempotencyKey ? { key: ctx.idempotencyKey, requestHash, responseBody: body } : null);
    } catch (err) {
      if (ctx.idempotencyKey && isIdempotencyKeyTaken(err)) {
        const winner = await this.orders.findIdempotencyRecord(ctx.idempotencyKey);
        if (winner) return replay(winner, requestHash);
      }
      throw err;
    }
    this.events.emit(eventOf('order.created', order));
    return { statusCode: 201, body, replayed: false };
  }

  async findById(id: string): Promise<OrderDto> {
    const order = await this.orders.findById(id);
    if (!order) throw new NotFoundError('Order');
    return toOrderDto(order, { withHistory: true });
  }

  /** For callers who only know the spoken number; the phone must match the order's (voice lookups). */
  async findByNumber(orderNumber: string, phone?: string): Promise<OrderDto | null> {
    const normalized = normalizeOrderNumber(orderNumber);
    if (!normalized) return null;
    const order = await this.orders.findByNumber(normalized, phone);
    return order ? toOrderDto(order, { withHistory: true }) : null;
  }

  async list(query: OrderQueryDto): Promise<OrderPageDto> {
    const limit = query.limit ?? 20;
    const { orders, hasMore } = await this.orders.findPage({
      ...query,
      limit,
      before: query.cursor ? decodeCursor(query.cursor) : undefined,
    });
    if (orders.length === 0) return { items: [], nextCursor: null };
    const last = orders[orders.length - 1];
    return { items: orders.map((o) => toOrderDto(o)), nextCursor: hasMore ? encodeCursor(last.createdAt, last.id) : null };
  }

  async changeStatus(id: string, to: OrderStatus, actor: string): Promise<OrderDto> {
    const order = await this.orders.transaction(async (tx) => {
      const current = await this.lockForUpdate(tx, id);
      if (!canTransition(current.status, to, current.fulfillment)) {
        const allowed = nextStatuses(current.status, current.fulfillment);
        throw new DomainError(
          ErrorCode.ILLEGAL_TRANSITION,
          `Order ${current.orderNumber} is ${current.status.replace(/_/g, ' ')}; ` +
            (allowed.length ? `it can move to ${allowed.join(' or ').replace(/_/g, ' ')}.` : 'it cannot change any more.'),
          { currentStatus: current.status, allowed },
        );
      }
      await this.orders.recordChange(tx, current, 'status', to, actor);
      return current;
    });
    this.events.emit(eventOf('order.status', order));
    return this.findById(id);
  }

  /**
   * Applies a payment outcome (webhooks, the mock "mark paid"); a repeat of the current status changes nothing.
   * `guard` runs first inside the same transaction, with the order row locked: it may write its own rows (the
   * payments module records the provider's event id there, so a redelivered event applies once) and returns
   * false to leave the order as it is.
   */
  async setPaymentStatus(id: string, to: PaymentStatus, actor: string, note?: string, guard?: PaymentChangeGuard): Promise<OrderDto> {
    const changed = await this.orders.transaction(async (tx) => {
      const current = await this.lockForUpdate(tx, id);
      if (guard && !(await guard(tx, current))) return null;
      if (current.paymentStatus === to) return null;
      await this.orders.recordChange(tx, current, 'payment', to, actor, note);
      return current;
    });
    if (changed) this.events.emit(eventOf('order.payment', changed));
    return this.findById(id);
  }

  /** Finds the order a payment provider reference belongs to. */
  findIdByPaymentReference(reference: string): Promise<string | null> {
    return this.orders.findIdByPaymentReference(reference);
  }

  private async price(dto: CreateOrderDto): Promise<PricedDraft> {
    if (!this.restaurant.openingHours.isOpen(new Date())) {
      throw new DomainError(
        ErrorCode.RESTAURANT_CLOSED,
        `Sorry, ${this.restaurant.name} is closed right now. ${this.restaurant.openingHours.describeToday()}`,
      );
    }
    const menu = await this.menu.findByIds(dto.items.map((l) => l.menuItemId));
    const missing = dto.items.filter((l) => !menu.has(l.menuItemId));
    const unavailable = dto.items.map((l) => menu.get(l.menuItemId)).filter((m) => m && !m.available);
    if (missing.length > 0 || unavailable.length > 0) {
      const names = unavailable.map((m) => m!.name);
      throw new DomainError(
        ErrorCode.ITEM_UNAVAILABLE,
        names.length > 0
          ? `Sorry, ${names.join(' and ')} ${names.length > 1 ? 'are' : 'is'} not available right now.`
          : 'One of the dishes is not on our menu. Please choose from the current menu.',
        { menuItemIds: [...missing.map((l) => l.menuItemId), ...unavailable.map((m) => m!.id)] },
      );
    }
    const lines = dto.items.map((l) => priceLine(menu.get(l.menuItemId)!, l.quantity, l.notes));
    const subtotalCents = computeTotals(lines, 0, 0).subtotalCents;
    let delivery: DeliveryQuote | null = null;
    if (dto.fulfillment === 'delivery') {
      delivery = await this.delivery.quote(dto.deliveryAddress!);
      if (subtotalCents < delivery.minOrderCents) {
        const short = formatMoney(delivery.minOrderCents - subtotalCents, this.restaurant.currency);
        throw new DomainError(
          ErrorCode.BELOW_MINIMUM_ORDER,
          `Delivery to this address needs a minimum order of ${formatMoney(delivery.minOrderCents, this.restaurant.currency)}; please add ${short} more.`,
          { minOrderCents: delivery.minOrderCents, shortByCents: delivery.minOrderCents - subtotalCents },
        );
      }
    }
    const totals = computeTotals(lines, delivery?.feeCents ?? 0, this.restaurant.taxRateBps);
    return { ...totals, lines, delivery, currency: this.restaurant.currency };
  }

  private buildOrder(
    id: string,
    orderNumber: string,
    dto: CreateOrderDto,
    ctx: OrderContext,
    draft: PricedDraft,
    payment: PaymentStart | null,
  ): Order {
    const now = new Date();
    const order = Object.assign(new Order(), {
      id,
      orderNumber,
      status: 'received',
      paymentStatus: dto.paymentMethod === 'card' ? 'pending' : 'unpaid',
      paymentMethod: dto.paymentMethod,
      channel: ctx.channel,
      fulfillment: dto.fulfillment,
      customerName: dto.customerName,
      customerPhone: dto.customerPhone,
      deliveryAddress: dto.fulfillment === 'delivery' ? dto.deliveryAddress! : null,
      deliveryFormattedAddress: draft.delivery?.formattedAddress ?? null,
      deliveryLat: draft.delivery?.lat ?? null,
      deliveryLng: draft.delivery?.lng ?? null,
      deliveryDistanceMeters: draft.delivery?.distanceMeters ?? null,
      deliveryZone: draft.delivery?.zone ?? null,
      notes: dto.notes ? dto.notes : null,
      subtotalCents: draft.subtotalCents,
      deliveryFeeCents: draft.deliveryFeeCents,
      taxCents: draft.taxCents,
      totalCents: draft.totalCents,
      currency: draft.currency,
      paymentProvider: payment?.provider ?? null,
      paymentReference: payment?.reference ?? null,
      checkoutUrl: payment?.checkoutUrl ?? null,
      voiceCallId: ctx.voiceCallId ?? null,
      businessDate: businessDate(now, this.restaurant.timezone),
      version: 1,
      exportedVersion: 0,
      createdAt: now,
      updatedAt: now,
    } satisfies Partial<Order>);
    order.items = draft.lines.map((line, position) => Object.assign(new OrderItem(), { id: randomUUID(), orderId: id, position, ...line }));
    order.history = []; // its creation is read from the order (INSERT_ORDER)
    return order;
  }

  /** Order numbers come from the sequence in blocks (see ORDER_NUMBER_BLOCK); one refill at a time. */
  private async nextSequenceValue(): Promise<number> {
    for (;;) {
      if (this.numbers && this.numbers.next < this.numbers.end) return this.numbers.next++;
      this.refill ??= this.orders
        .nextOrderNumberBlock()
        .then((start) => {
          this.numbers = { next: start, end: start + ORDER_NUMBER_BLOCK };
        })
        .finally(() => {
          this.refill = null;
        });
      await this.refill;
    }
  }

  private async lockForUpdate(tx: EntityManager, id: string): Promise<Order> {
    const order = await this.orders.lockForUpdate(tx, id);
    if (!order) throw new NotFoundError('Order');
    return order;
  }
}

function replay(record: StoredIdempotencyRecord, requestHash: string): CreateOrderResult {
  if (record.requestHash !== requestHash) {
    throw new DomainError(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      'This Idempotency-Key was already used for a different order. Use a new key for a new order.',
    );
  }
  return { statusCode: record.statusCode ?? 201, body: record.responseBody as OrderDto, replayed: true };
}

function hashRequest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** JSON with sorted keys, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function deliveryView(address: string, quote: DeliveryQuote) {
  return {
    address,
    formattedAddress: quote.formattedAddress,
    lat: quote.lat,
    lng: quote.lng,
    distanceMeters: quote.distanceMeters,
    zone: quote.zone,
  };
}

function eventOf(type: OrderEvent['type'], order: Order): OrderEvent {
  return {
    type,
    orderId: order.id,
    orderNumber: order.orderNumber,
    businessDate: order.businessDate,
    status: order.status,
    paymentStatus: order.paymentStatus,
    at: new Date().toISOString(),
  };
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new DomainError(ErrorCode.INVALID_CURSOR, 'cursor is not a cursor this API returned');
  }
  return { createdAt: at, id };
}
