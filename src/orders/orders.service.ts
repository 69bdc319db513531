import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { businessDate } from '@/common/business-date.js';
import { DomainError, ErrorCode, NotFoundError } from '@/common/domain-error.js';
import { formatMoney } from '@/common/money.js';
import type { RestaurantConfig } from '@/config/restaurant.config.js';
import { PreparedQueries } from '@/database/prepared-queries.js';
import { DeliveryQuote, DeliveryService } from '@/geo/delivery.service.js';
import { MenuService } from '@/menu/menu.service.js';
import { PaymentGateway, PaymentStart } from '@/payments/payment-gateway.js';
import type { CreateOrderDto } from './dto/create-order.dto.js';
import type { OrderDto, OrderPageDto, QuoteDto } from './dto/order.dto.js';
import type { OrderQueryDto } from './dto/order-query.dto.js';
import { IdempotencyKey } from './entities/idempotency-key.entity.js';
import { OrderHistoryEntry } from './entities/order-history.entity.js';
import { OrderItem } from './entities/order-item.entity.js';
import { Order } from './entities/order.entity.js';
import { OrderEvent, OrderEvents } from './order-events.js';
import { toOrderDto } from './order-mapper.js';
import { formatOrderNumber, normalizeOrderNumber, ORDER_NUMBER_BLOCK } from './order-number.js';
import { canTransition, Channel, nextStatuses, OrderStatus, PaymentStatus } from './order-status.js';
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

const UNIQUE_VIOLATION = '23505';

/**
 * The whole write of a new order as one statement: order, lines and the idempotency record. A single
 * statement is atomic without BEGIN/COMMIT, so an order costs one round trip; foreign keys between the CTEs
 * are checked at the end of the statement. The first history entry (created as `received`) is not a row: it
 * is read from the order itself (`toOrderDto`), which saves PostgreSQL a heap row, two index entries and a
 * foreign-key check per order.
 */
const INSERT_ORDER_SQL = `
WITH o AS (
  INSERT INTO orders (id, order_number, status, payment_status, payment_method, channel, fulfillment,
    customer_name, customer_phone, delivery_address, delivery_formatted_address, delivery_lat, delivery_lng,
    delivery_distance_meters, delivery_zone, notes, subtotal_cents, delivery_fee_cents, tax_cents, total_cents,
    currency, payment_provider, payment_reference, checkout_url, voice_call_id, business_date, version,
    exported_version, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
    $23, $24, $25, $26, 1, 0, $27, $27)
  RETURNING id
), lines AS (
  INSERT INTO order_items (id, order_id, position, menu_item_id, name, unit_price_cents, quantity, line_total_cents, notes)
  SELECT l.id, o.id, l.position, l.menu_item_id, l.name, l.unit_price_cents, l.quantity, l.line_total_cents, l.notes
  FROM o, unnest($28::uuid[], $29::int[], $30::uuid[], $31::varchar[], $32::int[], $33::int[], $34::int[], $35::varchar[])
    AS l(id, position, menu_item_id, name, unit_price_cents, quantity, line_total_cents, notes)
)
INSERT INTO idempotency_keys (key, request_hash, order_id, status_code, response_body)
SELECT $36::varchar, $37, o.id, 201, $38::json FROM o WHERE $36::varchar IS NOT NULL`;

@Injectable()
export class OrdersService {
  private readonly restaurant: RestaurantConfig;
  private numbers: { next: number; end: number } | null = null;
  private refill: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly prepared: PreparedQueries,
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
      const previous = await this.findIdempotencyRecord(ctx.idempotencyKey);
      if (previous) return replay(previous, requestHash);
    }

    let draft: PricedDraft;
    try {
      draft = await this.price(dto);
    } catch (err) {
      // The first attempt may have succeeded before the menu or the hours changed: its answer stands.
      const previous = ctx.idempotencyKey && !callsOutside ? await this.findIdempotencyRecord(ctx.idempotencyKey) : null;
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
      await this.prepared.query('ros_insert_order', INSERT_ORDER_SQL, insertParams(order, ctx.idempotencyKey ?? null, requestHash, body));
    } catch (err) {
      if (ctx.idempotencyKey && isUniqueViolation(err, 'idempotency_keys')) {
        const winner = await this.findIdempotencyRecord(ctx.idempotencyKey);
        if (winner) return replay(winner, requestHash);
      }
      throw err;
    }
    this.events.emit(eventOf('order.created', order));
    return { statusCode: 201, body, replayed: false };
  }

  async findById(id: string): Promise<OrderDto> {
    return toOrderDto(await this.load(this.dataSource.manager, id), { withHistory: true });
  }

  /** For callers who only know the spoken number; the phone must match the order's (voice lookups). */
  async findByNumber(orderNumber: string, phone?: string): Promise<OrderDto | null> {
    const normalized = normalizeOrderNumber(orderNumber);
    if (!normalized) return null;
    const order = await this.dataSource.manager.findOne(Order, {
      where: { orderNumber: normalized, ...(phone && { customerPhone: phone }) },
      relations: { items: true, history: true },
    });
    return order ? toOrderDto(order, { withHistory: true }) : null;
  }

  async list(query: OrderQueryDto): Promise<OrderPageDto> {
    const limit = query.limit ?? 20;
    const qb = this.dataSource.manager
      .createQueryBuilder(Order, 'o')
      .select(['o.id', 'o.createdAt'])
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(limit + 1);
    if (query.status?.length) qb.andWhere('o.status IN (:...statuses)', { statuses: query.status });
    if (query.channel?.length) qb.andWhere('o.channel IN (:...channels)', { channels: query.channel });
    if (query.from) {
      qb.andWhere(query.from.length === 10 ? 'o.business_date >= :from' : 'o.created_at >= :from', { from: query.from });
    }
    if (query.to) {
      qb.andWhere(query.to.length === 10 ? 'o.business_date <= :to' : 'o.created_at <= :to', { to: query.to });
    }
    if (query.q?.trim()) {
      const q = query.q.trim();
      const digits = q.replace(/\D/g, '');
      const number = normalizeOrderNumber(q);
      qb.andWhere(
        new Brackets((w) => {
          w.where('o.customer_name ILIKE :name', { name: `%${escapeLike(q)}%` });
          if (digits.length >= 3) w.orWhere('o.customer_phone LIKE :phone', { phone: `%${digits}%` });
          if (number) w.orWhere('o.order_number = :number', { number });
        }),
      );
    }
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      qb.andWhere('(o.created_at, o.id) < (:cursorAt, :cursorId)', cursor);
    }
    const page = await qb.getMany();
    const hasMore = page.length > limit;
    const ids = page.slice(0, limit).map((o) => o.id);
    if (ids.length === 0) return { items: [], nextCursor: null };
    const full = await this.dataSource.manager.find(Order, {
      where: ids.map((id) => ({ id })),
      relations: { items: true },
    });
    const byId = new Map(full.map((o) => [o.id, o]));
    const items = ids.map((id) => toOrderDto(byId.get(id)!));
    const last = page[limit - 1];
    return { items, nextCursor: hasMore ? encodeCursor(last.createdAt, last.id) : null };
  }

  async changeStatus(id: string, to: OrderStatus, actor: string): Promise<OrderDto> {
    const order = await this.dataSource.transaction(async (tx) => {
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
      await this.recordChange(tx, current, 'status', to, actor);
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
    const changed = await this.dataSource.transaction(async (tx) => {
      const current = await this.lockForUpdate(tx, id);
      if (guard && !(await guard(tx, current))) return null;
      if (current.paymentStatus === to) return null;
      await this.recordChange(tx, current, 'payment', to, actor, note);
      return current;
    });
    if (changed) this.events.emit(eventOf('order.payment', changed));
    return this.findById(id);
  }

  /** Finds the order a payment provider reference belongs to. */
  async findIdByPaymentReference(reference: string): Promise<string | null> {
    const row = await this.dataSource.manager.findOne(Order, { select: { id: true }, where: { paymentReference: reference } });
    return row?.id ?? null;
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
    order.history = []; // its creation is read from the order (INSERT_ORDER_SQL)
    return order;
  }

  /** Plain SQL: this runs on every keyed request, and the query builder costs more than the query. */
  private async findIdempotencyRecord(key: string): Promise<IdempotencyRecord | null> {
    const rows = await this.prepared.query<IdempotencyRecord>(
      'ros_find_idempotency_key',
      'SELECT request_hash AS "requestHash", status_code AS "statusCode", response_body AS "responseBody" FROM idempotency_keys WHERE key = $1',
      [key],
    );
    return rows[0] ?? null;
  }

  /** Order numbers come from the sequence in blocks (see ORDER_NUMBER_BLOCK); one refill at a time. */
  private async nextSequenceValue(): Promise<number> {
    for (;;) {
      if (this.numbers && this.numbers.next < this.numbers.end) return this.numbers.next++;
      this.refill ??= this.dataSource
        .query(`SELECT nextval('order_number_seq')::int AS start`)
        .then(([{ start }]: { start: number }[]) => {
          this.numbers = { next: start, end: start + ORDER_NUMBER_BLOCK };
        })
        .finally(() => {
          this.refill = null;
        });
      await this.refill;
    }
  }

  private async load(manager: EntityManager, id: string): Promise<Order> {
    const order = await manager.findOne(Order, { where: { id }, relations: { items: true, history: true } });
    if (!order) throw new NotFoundError('Order');
    return order;
  }

  private async lockForUpdate(tx: EntityManager, id: string): Promise<Order> {
    const order = await tx.findOne(Order, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!order) throw new NotFoundError('Order');
    return order;
  }

  private async recordChange(
    tx: EntityManager,
    order: Order,
    kind: 'status' | 'payment',
    to: string,
    actor: string,
    note?: string,
  ): Promise<void> {
    const from = kind === 'status' ? order.status : order.paymentStatus;
    const column = kind === 'status' ? 'status' : 'payment_status';
    await tx.query(`UPDATE orders SET ${column} = $1, version = version + 1, updated_at = now() WHERE id = $2`, [to, order.id]);
    await tx.insert(OrderHistoryEntry, {
      id: randomUUID(),
      orderId: order.id,
      kind,
      from,
      to,
      actor: actor.slice(0, 60),
      note: note?.slice(0, 200) ?? null,
    });
    if (kind === 'status') order.status = to as OrderStatus;
    else order.paymentStatus = to as PaymentStatus;
  }
}

function insertParams(order: Order, idempotencyKey: string | null, requestHash: string, body: OrderDto): unknown[] {
  const lines = order.items;
  return [
    order.id,
    order.orderNumber,
    order.status,
    order.paymentStatus,
    order.paymentMethod,
    order.channel,
    order.fulfillment,
    order.customerName,
    order.customerPhone,
    order.deliveryAddress,
    order.deliveryFormattedAddress,
    order.deliveryLat,
    order.deliveryLng,
    order.deliveryDistanceMeters,
    order.deliveryZone,
    order.notes,
    order.subtotalCents,
    order.deliveryFeeCents,
    order.taxCents,
    order.totalCents,
    order.currency,
    order.paymentProvider,
    order.paymentReference,
    order.checkoutUrl,
    order.voiceCallId,
    order.businessDate,
    order.createdAt.toISOString(),
    lines.map((l) => l.id),
    lines.map((l) => l.position),
    lines.map((l) => l.menuItemId),
    lines.map((l) => l.name),
    lines.map((l) => l.unitPriceCents),
    lines.map((l) => l.quantity),
    lines.map((l) => l.lineTotalCents),
    lines.map((l) => l.notes),
    idempotencyKey,
    requestHash,
    idempotencyKey ? JSON.stringify(body) : null,
  ];
}

type IdempotencyRecord = Pick<IdempotencyKey, 'requestHash' | 'statusCode' | 'responseBody'>;

function replay(record: IdempotencyRecord, requestHash: string): CreateOrderResult {
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

function isUniqueViolation(err: unknown, table: string): boolean {
  const e = err as { code?: string; table?: string; driverError?: { code?: string; table?: string }; detail?: string };
  const code = e.code ?? e.driverError?.code;
  const tbl = e.table ?? e.driverError?.table;
  return code === UNIQUE_VIOLATION && (tbl === undefined || tbl === table);
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

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { cursorAt: string; cursorId: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new DomainError(ErrorCode.INVALID_CURSOR, 'cursor is not a cursor this API returned');
  }
  return { cursorAt: at, cursorId: id };
}
