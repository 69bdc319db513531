import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import { newId } from '@/common/ids.js';
import { businessDate } from '@/common/business-date.js';
import { Clock } from '@/common/clock.js';
import { DomainError, ErrorCode, NotFoundError } from '@/common/domain-error.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import type { DeliveryQuote } from '@/geo/delivery.service.js';
import { PaymentGateway, PaymentStart } from '@/payments/payment-gateway.js';
import { OrderPlan, PlanInput, SchedulingService } from '@/scheduling/scheduling.service.js';
import type { CreateOrderDto } from './dto/create-order.dto.js';
import type { OrderDto, OrderPageDto, QuoteDto } from './dto/order.dto.js';
import type { OrderQueryDto } from './dto/order-query.dto.js';
import { OrderItem } from './entities/order-item.entity.js';
import { Order } from './entities/order.entity.js';
import { IdempotencyService } from './idempotency.service.js';
import { orderEvent, OrderEvents } from './order-events.js';
import { localIso, toOrderDto } from './order-mapper.js';
import { normalizeOrderNumber } from './order-number.js';
import { OrderNumbers } from './order-numbers.service.js';
import { OrderPricer, PricedDraft } from './order-pricer.service.js';
import { OrderStatusChanges, PaymentChangeGuard, RefundDecision } from './order-status-changes.service.js';
import { textFor } from './order-texts.js';
import type { Channel, OrderStatus, PaymentStatus } from './order-status.js';
import { ClaimedRefund, isIdempotencyKeyTaken, isSlotFull, NewOrderText, OrdersRepository } from './orders.repository.js';

/** How many times an order may find its slot filled by others between choosing it and writing itself. */
const MAX_SLOT_ATTEMPTS = 8;

export interface OrderContext {
  channel: Channel;
  /** Fully scoped key (`api:<header>`, `vapi:<call>:<tool call>`); absent = not idempotent. */
  idempotencyKey?: string;
  voiceCallId?: string;
}

export interface CreateOrderResult {
  statusCode: number;
  body: OrderDto;
  replayed: boolean;
}

/**
 * What the rest of the system asks of orders: place one (priced, numbered, paid for, stored once per
 * idempotency key), quote one, find and list them, change their status. The work is done by the collaborators
 * it calls in order; this class decides only the order of the steps.
 */
@Injectable()
export class OrdersService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly pricer: OrderPricer,
    private readonly idempotency: IdempotencyService,
    private readonly numbers: OrderNumbers,
    private readonly statusChanges: OrderStatusChanges,
    private readonly payments: PaymentGateway,
    private readonly events: OrderEvents,
    private readonly scheduling: SchedulingService,
    private readonly clock: Clock,
    @Inject(restaurantConfig.KEY) private readonly restaurant: ConfigType<typeof restaurantConfig>,
  ) {}

  /** Prices and promises an order exactly as `create` would, without storing anything. */
  async quote(dto: CreateOrderDto): Promise<QuoteDto> {
    const now = this.clock.now();
    const state = await this.scheduling.assertTakingOrders(now);
    const draft = await this.pricer.price(dto, now);
    const plan = await this.scheduling.plan(planInput(dto, draft), now, state, true);
    const zone = this.restaurant.timezone;
    return {
      items: draft.lines,
      fulfillment: dto.fulfillment,
      delivery: draft.delivery && dto.deliveryAddress ? deliveryView(dto.deliveryAddress, draft.delivery) : null,
      subtotalCents: draft.subtotalCents,
      deliveryFeeCents: draft.deliveryFeeCents,
      taxCents: draft.taxCents,
      totalCents: draft.totalCents,
      currency: draft.currency,
      requestedTime: localIso(plan.requestedTime, zone),
      promisedAt: localIso(plan.promisedAt, zone)!,
    };
  }

  async create(dto: CreateOrderDto, ctx: OrderContext): Promise<CreateOrderResult> {
    const key = ctx.idempotencyKey;
    const requestHash = this.idempotency.hash({ channel: ctx.channel, order: dto });
    // A replay must not call Stripe or the geocoder again, so orders that need them look the key up first.
    // The rest skip that round trip: the insert itself meets the key, and a replay is answered from there.
    const callsOutside = dto.paymentMethod === 'card' || dto.fulfillment === 'delivery';
    if (key && callsOutside) {
      const first = await this.idempotency.firstAnswer(key, requestHash);
      if (first) return { ...first, replayed: true };
    }

    // One reading for the whole order: the hours it was accepted in, its promise, business day and timestamps agree.
    const now = this.clock.now();
    let draft: PricedDraft;
    let plan: OrderPlan;
    try {
      const state = await this.scheduling.assertTakingOrders(now);
      draft = await this.pricer.price(dto, now);
      // A scheduled order's slot is checked before the payment starts; one as soon as possible tries its ideal slot.
      plan = await this.scheduling.plan(planInput(dto, draft), now, state, dto.requestedTime !== undefined);
    } catch (err) {
      // The first attempt may have succeeded before the menu or the hours changed: its answer stands.
      const first = key && !callsOutside ? await this.idempotency.firstAnswer(key, requestHash) : null;
      if (first) return { ...first, replayed: true };
      throw err;
    }
    const id = newId();
    const orderNumber = await this.numbers.next();
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

    const order = this.buildOrder(id, orderNumber, dto, ctx, draft, payment, now);
    let body: OrderDto;
    for (let attempt = 1; ; attempt++) {
      this.promise(order, plan, now);
      body = toOrderDto(order, this.restaurant.timezone, { clientSecret: payment?.clientSecret });
      try {
        await this.orders.insert(order, key ? { key, requestHash, responseBody: body } : null, plan.capacity, this.textsOf(order, now));
        break;
      } catch (err) {
        if (key && isIdempotencyKeyTaken(err)) {
          const winner = await this.idempotency.firstAnswer(key, requestHash);
          if (winner) return { ...winner, replayed: true };
        }
        if (!isSlotFull(err)) throw err;
        // Its slot filled up since it was chosen (other orders, other replicas): the next slot with room, or SLOT_FULL.
        if (attempt === MAX_SLOT_ATTEMPTS) {
          throw new DomainError(ErrorCode.SLOT_FULL, 'Sorry, the kitchen is fully booked right now. Please try again in a few minutes.', {
            requestedTime: localIso(plan.requestedTime, this.restaurant.timezone),
            nextSlots: [],
          });
        }
        plan = await this.scheduling.afterSlotFull(plan, planInput(dto, draft), now);
      }
    }
    this.events.emit(orderEvent('order.created', order, now));
    return { statusCode: 201, body, replayed: false };
  }

  /**
   * The order placed under an idempotency key that names one attempt (a voice tool call), or null: a repeat of that
   * attempt answers with it even when the menu has changed since and the request would no longer price.
   */
  placedWith(idempotencyKey: string): Promise<OrderDto | null> {
    return this.idempotency.placedWith(idempotencyKey);
  }

  /**
   * Keeps what became of a text to the customer (sent, failed, skipped) in the order's history, in `tx`: the
   * transaction in which the notifications module records it in its outbox.
   */
  recordMessageOutcome(
    tx: EntityManager,
    orderId: string,
    outcome: { to: 'sent' | 'failed' | 'skipped'; note: string; actor: string },
  ): Promise<void> {
    return this.orders.recordMessageOutcome(tx, orderId, { ...outcome, at: this.clock.now() });
  }

  async findById(id: string): Promise<OrderDto> {
    const order = await this.orders.findById(id);
    if (!order) throw new NotFoundError('Order');
    return toOrderDto(order, this.restaurant.timezone, { withHistory: true });
  }

  /** For callers who only know the spoken number; the phone must match the order's (voice lookups). */
  async findByNumber(orderNumber: string, phone?: string): Promise<OrderDto | null> {
    const normalized = normalizeOrderNumber(orderNumber);
    if (!normalized) return null;
    const order = await this.orders.findByNumber(normalized, phone);
    return order ? toOrderDto(order, this.restaurant.timezone, { withHistory: true }) : null;
  }

  async list(query: OrderQueryDto): Promise<OrderPageDto> {
    const limit = query.limit ?? 20;
    const before = query.cursor ? decodeCursor(query.cursor) : undefined;
    const { orders, hasMore } = await this.orders.findPage({ ...query, limit, before });
    if (orders.length === 0) return { items: [], nextCursor: null };
    const last = orders[orders.length - 1];
    return {
      items: orders.map((o) => toOrderDto(o, this.restaurant.timezone)),
      nextCursor: hasMore ? encodeCursor(last.createdAt, last.id) : null,
    };
  }

  /** ILLEGAL_TRANSITION (see OrderStatusChanges); returns the order as it is now. */
  async changeStatus(id: string, to: OrderStatus, actor: string): Promise<OrderDto> {
    await this.statusChanges.changeStatus(id, to, actor);
    return this.findById(id);
  }

  /** See OrderStatusChanges.setPaymentStatus; returns the order as it is now. */
  async setPaymentStatus(id: string, to: PaymentStatus, actor: string, note?: string, guard?: PaymentChangeGuard): Promise<OrderDto> {
    await this.statusChanges.setPaymentStatus(id, to, actor, note, guard);
    return this.findById(id);
  }

  /** See OrdersRepository.claimDueRefunds: refunds due now, each claimed by this process for one attempt. */
  claimDueRefunds(limit: number, leaseMs: number, onlyId?: string): Promise<ClaimedRefund[]> {
    return this.orders.claimDueRefunds(limit, leaseMs, onlyId);
  }

  /** See OrderStatusChanges.changeRefund; returns the order as it is now, or null when `decide` left it. */
  async changeRefund(id: string, actor: string, decide: (current: Order) => RefundDecision | null): Promise<OrderDto | null> {
    const changed = await this.statusChanges.changeRefund(id, actor, decide);
    return changed ? this.findById(id) : null;
  }

  /** See OrderStatusChanges.changeRefundedAmount; returns the order as it is now. */
  async changeRefundedAmount(
    id: string,
    actor: string,
    decide: (current: Order) => { refundedCents: number; note: string } | null,
    guard?: PaymentChangeGuard,
  ): Promise<OrderDto> {
    await this.statusChanges.changeRefundedAmount(id, actor, decide, guard);
    return this.findById(id);
  }

  /** Orders whose refund failed for good (a person must act), most recent first; `total` counts them all. */
  async refundsNeedingAttention(limit = 50): Promise<{ orders: OrderDto[]; total: number }> {
    const { orders, total } = await this.orders.findRefundsNeedingAttention(limit);
    return { orders: orders.map((o) => toOrderDto(o, this.restaurant.timezone)), total };
  }

  /** Finds the order a payment provider reference belongs to. */
  findIdByPaymentReference(reference: string): Promise<string | null> {
    return this.orders.findIdByPaymentReference(reference);
  }

  /** Ids of the orders placed during a phone call (the voice module's call record lists them). */
  idsPlacedInCall(callId: string): Promise<string[]> {
    return this.orders.idsPlacedInCall(callId);
  }

  /**
   * The texts a new order sends its customer, decided with the order: its confirmation and, for an order paid by a
   * Checkout link (a phone order by card), the link, so that the assistant never reads a URL aloud.
   */
  private textsOf(order: Order, now: Date): NewOrderText[] {
    const ctx = { restaurantName: this.restaurant.name, timezone: this.restaurant.timezone, now };
    return (['confirmed', 'payment_link'] as const).flatMap((kind) => textFor(kind, order, ctx) ?? []);
  }

  /** Writes the plan's promise into the order; a scheduled order belongs to the day it is promised for. */
  private promise(order: Order, plan: OrderPlan, now: Date): void {
    order.requestedTime = plan.requestedTime;
    order.promisedAt = plan.promisedAt;
    order.prepStartAt = plan.prepStartAt;
    order.slotAt = plan.slotAt;
    order.businessDate = businessDate(plan.requestedTime ?? now, this.restaurant.timezone);
  }

  private buildOrder(
    id: string,
    orderNumber: string,
    dto: CreateOrderDto,
    ctx: OrderContext,
    draft: PricedDraft,
    payment: PaymentStart | null,
    now: Date,
  ): Order {
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
      refundStatus: null,
      refundAttempts: 0,
      refundedCents: 0,
      refundLastError: null,
      refundNextAttemptAt: null,
      voiceCallId: ctx.voiceCallId ?? null,
      requestedTime: null,
      promisedAt: null,
      prepStartAt: null,
      slotAt: null,
      businessDate: businessDate(now, this.restaurant.timezone),
      version: 1,
      exportedVersion: 0,
      anonymizedAt: null,
      createdAt: now,
      updatedAt: now,
    } satisfies Partial<Order>);
    order.items = draft.lines.map((line, position) => Object.assign(new OrderItem(), { id: newId(), orderId: id, position, ...line }));
    order.history = []; // its creation is read from the order (INSERT_ORDER)
    return order;
  }
}

/** What the kitchen's clock needs of a priced order. */
function planInput(dto: CreateOrderDto, draft: PricedDraft): PlanInput {
  return {
    fulfillment: dto.fulfillment,
    requestedTime: dto.requestedTime ? new Date(dto.requestedTime) : null,
    lines: draft.prepLines,
    distanceMeters: draft.delivery?.distanceMeters ?? null,
  };
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
