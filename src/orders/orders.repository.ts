import type { ChosenOption } from '@/menu/menu-options.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { newId } from '@/common/ids.js';
import { isBusinessDay } from '@/common/business-date.js';
import { PreparedQueries } from '@/database/prepared-queries.js';
import type { IdempotencyKey } from './entities/idempotency-key.entity.js';
import { OrderHistoryEntry } from './entities/order-history.entity.js';
import type { OrderItem } from './entities/order-item.entity.js';
import { Order } from './entities/order.entity.js';
import { normalizeOrderNumber } from './order-number.js';
import type { Channel, OrderStatus, PaymentStatus, RefundStatus } from './order-status.js';

/** A column of a new order and where its value comes from. */
type OrderColumn = readonly [column: string, value: (order: Order) => unknown];
/** A column of a new order line; lines travel as one array per column, cast to `arrayType[]`. */
type LineColumn = readonly [column: string, arrayType: string, value: (line: OrderItem) => unknown];

/**
 * Every column a new order is written with. The insert's SQL and its parameters are both made from this list,
 * so a new column is one line here (and the migration, the entity and the mapper).
 */
export const ORDER_COLUMNS: readonly OrderColumn[] = [
  ['id', (o) => o.id],
  ['order_number', (o) => o.orderNumber],
  ['status', (o) => o.status],
  ['payment_status', (o) => o.paymentStatus],
  ['payment_method', (o) => o.paymentMethod],
  ['channel', (o) => o.channel],
  ['fulfillment', (o) => o.fulfillment],
  ['customer_name', (o) => o.customerName],
  ['customer_phone', (o) => o.customerPhone],
  ['delivery_address', (o) => o.deliveryAddress],
  ['delivery_formatted_address', (o) => o.deliveryFormattedAddress],
  ['delivery_lat', (o) => o.deliveryLat],
  ['delivery_lng', (o) => o.deliveryLng],
  ['delivery_distance_meters', (o) => o.deliveryDistanceMeters],
  ['delivery_zone', (o) => o.deliveryZone],
  ['notes', (o) => o.notes],
  ['subtotal_cents', (o) => o.subtotalCents],
  ['delivery_fee_cents', (o) => o.deliveryFeeCents],
  ['tax_cents', (o) => o.taxCents],
  ['total_cents', (o) => o.totalCents],
  ['currency', (o) => o.currency],
  ['payment_provider', (o) => o.paymentProvider],
  ['payment_reference', (o) => o.paymentReference],
  ['checkout_url', (o) => o.checkoutUrl],
  ['refunded_cents', (o) => o.refundedCents],
  ['refund_status', (o) => o.refundStatus],
  ['refund_attempts', (o) => o.refundAttempts],
  ['refund_last_error', (o) => o.refundLastError],
  ['refund_next_attempt_at', (o) => o.refundNextAttemptAt?.toISOString() ?? null],
  ['voice_call_id', (o) => o.voiceCallId],
  ['requested_time', (o) => o.requestedTime?.toISOString() ?? null],
  ['promised_at', (o) => o.promisedAt?.toISOString() ?? null],
  ['prep_start_at', (o) => o.prepStartAt?.toISOString() ?? null],
  ['slot_at', (o) => o.slotAt?.toISOString() ?? null],
  ['business_date', (o) => o.businessDate],
  ['version', (o) => o.version],
  ['exported_version', (o) => o.exportedVersion],
  ['anonymized_at', (o) => o.anonymizedAt?.toISOString() ?? null],
  ['created_at', (o) => o.createdAt.toISOString()],
  ['updated_at', (o) => o.updatedAt.toISOString()],
];

/** Every column of a new order line (`order_id` comes from the order). */
export const ORDER_LINE_COLUMNS: readonly LineColumn[] = [
  ['id', 'uuid', (l) => l.id],
  ['position', 'int', (l) => l.position],
  ['menu_item_id', 'uuid', (l) => l.menuItemId],
  ['name', 'varchar', (l) => l.name],
  ['unit_price_cents', 'int', (l) => l.unitPriceCents],
  ['options', 'jsonb', (l) => JSON.stringify(l.options)],
  ['quantity', 'int', (l) => l.quantity],
  ['line_total_cents', 'int', (l) => l.lineTotalCents],
  ['notes', 'varchar', (l) => l.notes],
];

/** A status or payment change of an order (OrdersRepository.recordChange). */
export interface OrderChange {
  kind: 'status' | 'payment';
  to: string;
  actor: string;
  note?: string;
  at: Date;
}

/** A text to the customer decided with the order itself (INSERT_ORDER). */
export interface NewOrderText {
  kind: string;
  body: string;
}

/** The first answer to a keyed request, kept so that a retry gets it again. */
export interface IdempotencyRecord {
  key: string;
  requestHash: string;
  responseBody: unknown;
}

export type StoredIdempotencyRecord = Pick<IdempotencyKey, 'requestHash' | 'statusCode' | 'responseBody'>;

/**
 * The whole write of a new order as one statement: its place in its slot, the order, its lines, the customer's
 * texts (outbox rows the notifications module sends: "order confirmed", and a phone order's payment link) and the
 * idempotency record. A single statement is atomic without BEGIN/COMMIT, so an order costs one round trip; foreign keys between
 * the CTEs are checked at the end of the statement. The slot's count goes up by one under the slot's row lock and
 * may not pass the capacity stored with it (`ck_slot_bookings_capacity`): when the slot is full the statement fails
 * as a whole (isSlotFull) and nothing is written, however many replicas race for the last place. The first history
 * entry (created as `received`) is not a row: it is read from the order itself (`toOrderDto`), which saves
 * PostgreSQL a heap row, two index entries and a foreign-key check per order. Built once, at load: it is a prepared
 * statement on the hot path.
 */
export const INSERT_ORDER = buildInsertOrder();

function buildInsertOrder(): {
  sql: string;
  params: (order: Order, record: IdempotencyRecord | null, slotCapacity: number, texts?: readonly NewOrderText[]) => unknown[];
} {
  let n = 0;
  const next = (): string => `$${++n}`;
  const orderValues = ORDER_COLUMNS.map(next);
  const lineArrays = ORDER_LINE_COLUMNS.map(([, type]) => `${next()}::${type}[]`);
  const [textKinds, textBodies] = [next(), next()];
  const [key, hash, body, capacity] = [next(), next(), next(), next()];
  const valueOf = (name: string) => orderValues[ORDER_COLUMNS.findIndex(([column]) => column === name)];
  // The record is as old as its order (the Clock's time), not the database's now().
  const createdAt = valueOf('created_at');
  const lineNames = ORDER_LINE_COLUMNS.map(([column]) => column).join(', ');
  const sql = `
WITH slot AS (
  INSERT INTO slot_bookings AS b (slot_at, fulfillment, taken, capacity)
  VALUES (${valueOf('slot_at')}::timestamptz, ${valueOf('fulfillment')}::varchar, 1, ${capacity}::int)
  ON CONFLICT (slot_at, fulfillment) DO UPDATE SET taken = b.taken + 1, capacity = excluded.capacity
), o AS (
  INSERT INTO orders (${ORDER_COLUMNS.map(([column]) => column).join(', ')})
  VALUES (${orderValues.join(', ')})
  RETURNING id
), lines AS (
  INSERT INTO order_items (order_id, ${lineNames})
  SELECT o.id, ${ORDER_LINE_COLUMNS.map(([column]) => `l.${column}`).join(', ')}
  FROM o, unnest(${lineArrays.join(', ')})
    AS l(${lineNames})
), texts AS (
  INSERT INTO outbound_messages (order_id, to_phone, kind, body)
  SELECT o.id, ${valueOf('customer_phone')}::varchar, m.kind, m.body FROM o, unnest(${textKinds}::varchar[], ${textBodies}::text[]) AS m(kind, body)
)
INSERT INTO idempotency_keys (key, request_hash, order_id, status_code, response_body, created_at)
SELECT ${key}::varchar, ${hash}, o.id, 201, ${body}::json, ${createdAt}::timestamptz FROM o WHERE ${key}::varchar IS NOT NULL`;

  const params = (order: Order, record: IdempotencyRecord | null, slotCapacity: number, texts: readonly NewOrderText[] = []): unknown[] => [
    ...ORDER_COLUMNS.map(([, value]) => value(order)),
    ...ORDER_LINE_COLUMNS.map(([, , value]) => order.items.map(value)),
    texts.map((t) => t.kind),
    texts.map((t) => t.body),
    record?.key ?? null,
    record?.requestHash ?? null,
    record ? JSON.stringify(record.responseBody) : null,
    slotCapacity,
  ];
  return { sql, params };
}

const UNIQUE_VIOLATION = '23505';

/** Whether `insert` failed because the order's slot was full (see INSERT_ORDER). */
export function isSlotFull(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  return (e.code ?? e.driverError?.code) === '23514' && (e.constraint ?? e.driverError?.constraint) === 'ck_slot_bookings_capacity';
}

/** Whether `insert` failed because another request took the same idempotency key first. */
export function isIdempotencyKeyTaken(err: unknown): boolean {
  const e = err as { code?: string; table?: string; driverError?: { code?: string; table?: string } };
  const code = e.code ?? e.driverError?.code;
  const table = e.table ?? e.driverError?.table;
  return code === UNIQUE_VIOLATION && (table === undefined || table === 'idempotency_keys');
}

export interface OrderListFilter {
  status?: OrderStatus[];
  channel?: Channel[];
  /** A business day (YYYY-MM-DD) or an instant (ISO 8601). */
  from?: string;
  to?: string;
  /** Part of the customer's name, three or more digits of the phone, or an order number. */
  q?: string;
  /** Keyset position: orders strictly older than this one. */
  before?: { createdAt: string; id: string };
  limit: number;
}

/** An order as the day's workbook shows it (lines apart), with the versions the export compares and marks. */
export interface OrderForExport {
  id: string;
  orderNumber: string;
  createdAt: Date;
  customerName: string;
  customerPhone: string;
  channel: string;
  fulfillment: string;
  deliveryAddress: string | null;
  deliveryFormattedAddress: string | null;
  subtotalCents: number;
  deliveryFeeCents: number;
  taxCents: number;
  totalCents: number;
  currency: string;
  status: string;
  paymentStatus: string;
  /** Null for orders placed before promised times existed. */
  promisedAt: Date | null;
  /** Given back so far (staff refunds; the total once refunded). */
  refundedCents: number;
  version: number;
  exportedVersion: number;
}

/** A refund one process has claimed for one attempt (see `claimDueRefunds`). */
export interface ClaimedRefund {
  id: string;
  orderNumber: string;
  paymentStatus: PaymentStatus;
  paymentProvider: string | null;
  paymentReference: string | null;
  /** Attempts made, this one included: the outcome is recorded only while the order still shows this number. */
  attempts: number;
}

/** A new refund state for a locked order. */
export interface RefundChange {
  status: RefundStatus;
  attempts: number;
  lastError: string | null;
  /** Due again in this many milliseconds (database clock); null: not due (requested, failed, succeeded). */
  nextAttemptInMs: number | null;
}

export interface OrderLineForExport {
  name: string;
  quantity: number;
  notes: string | null;
  options: ChosenOption[];
}

/**
 * The tables `orders`, `order_items`, `order_history`, `idempotency_keys` and the `order_number_seq` sequence (and, in
 * the one-statement insert, the slot booking and the confirmation text of a new order).
 */
@Injectable()
export class OrdersRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly prepared: PreparedQueries,
  ) {}

  /**
   * Writes a new order with its lines, its confirmation text when given (the body) and the idempotency record when
   * given; see INSERT_ORDER.
   */
  async insert(order: Order, record: IdempotencyRecord | null, slotCapacity: number, texts: readonly NewOrderText[] = []): Promise<void> {
    await this.prepared.query('ros_insert_order', INSERT_ORDER.sql, INSERT_ORDER.params(order, record, slotCapacity, texts));
  }

  /** Plain SQL: this runs on every keyed request, and the query builder costs more than the query. */
  async findIdempotencyRecord(key: string): Promise<StoredIdempotencyRecord | null> {
    const rows = await this.prepared.query<StoredIdempotencyRecord>(
      'ros_find_idempotency_key',
      'SELECT request_hash AS "requestHash", status_code AS "statusCode", response_body AS "responseBody" FROM idempotency_keys WHERE key = $1',
      [key],
    );
    return rows[0] ?? null;
  }

  /** The first value of the next block of order numbers (the sequence steps by a whole block). */
  async nextOrderNumberBlock(): Promise<number> {
    const [{ start }]: { start: number }[] = await this.dataSource.query(`SELECT nextval('order_number_seq')::int AS start`);
    return start;
  }

  /** The order with its lines and history. */
  findById(id: string): Promise<Order | null> {
    return this.dataSource.manager.findOne(Order, { where: { id }, relations: { items: true, history: true } });
  }

  /** By its normalized number (`A-1042`), and the customer's phone when given. */
  findByNumber(orderNumber: string, phone?: string): Promise<Order | null> {
    return this.dataSource.manager.findOne(Order, {
      where: { orderNumber, ...(phone && { customerPhone: phone }) },
      relations: { items: true, history: true },
    });
  }

  async findIdByPaymentReference(reference: string): Promise<string | null> {
    const row = await this.dataSource.manager.findOne(Order, { select: { id: true }, where: { paymentReference: reference } });
    return row?.id ?? null;
  }

  /** Ids of the orders placed during a phone call, oldest first. */
  async idsPlacedInCall(callId: string): Promise<string[]> {
    const rows = await this.dataSource.manager.find(Order, {
      select: { id: true },
      where: { voiceCallId: callId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((r) => r.id);
  }

  /** One page, newest first, with lines (no history); `hasMore` says whether an older order matches too. */
  async findPage(filter: OrderListFilter): Promise<{ orders: Order[]; hasMore: boolean }> {
    const ids = (filter.q?.trim() && (await this.recentMatches(filter))) || (await this.pageQuery(filter).getMany()).map((o) => o.id);
    const hasMore = ids.length > filter.limit;
    const pageIds = ids.slice(0, filter.limit);
    if (pageIds.length === 0) return { orders: [], hasMore: false };
    const full = await this.dataSource.manager.find(Order, {
      where: pageIds.map((id) => ({ id })),
      relations: { items: true },
    });
    const byId = new Map(full.map((o) => [o.id, o]));
    return { orders: pageIds.map((id) => byId.get(id)!), hasMore };
  }

  /**
   * A search's page found among the newest orders (SEARCH_WINDOW of those the other filters and the cursor leave),
   * or null when fewer match there than a page and one more. A word in many orders (a street, the town) fills a
   * page there at once, where the trigram index would hand over every one of its matches (125,000 at a million
   * orders) to be read and sorted, because the planner expects a few dozen. When the window fills the page, those
   * are the newest matches of all; otherwise the indexes answer (pageQuery).
   */
  private async recentMatches(filter: OrderListFilter): Promise<string[] | null> {
    const window = this.pageQuery({ ...filter, q: undefined, limit: SEARCH_WINDOW - 1 }).addSelect([
      'o.orderNumber',
      'o.customerName',
      'o.customerPhone',
      'o.deliveryAddress',
      'o.deliveryFormattedAddress',
    ]);
    const column = (name: string) => `w.o_${name}`;
    const rows = await this.dataSource
      .createQueryBuilder()
      .addCommonTableExpression(window, 'w', { materialized: true })
      .select(column('id'), 'id')
      .from('w', 'w')
      .where(searchCondition(filter.q!.trim(), column))
      .orderBy(column('created_at'), 'DESC')
      .addOrderBy(column('id'), 'DESC')
      .limit(filter.limit + 1)
      .getRawMany<{ id: string }>();
    return rows.length > filter.limit ? rows.map((r) => r.id) : null;
  }

  /** The ids of one page (and one more), newest first; its plan is what the search test checks uses the indexes. */
  pageQuery(filter: OrderListFilter) {
    const search = !!filter.q?.trim();
    const qb = this.dataSource.manager
      .createQueryBuilder(Order, 'o')
      .select(['o.id', 'o.createdAt'])
      // A search orders by an expression no index gives, so the planner reads the matches through the trigram
      // indexes and sorts them: with the time index it would walk back through all orders until a page matched,
      // guessing thousands of matches where a name has five (10 s at five million orders). Searches with that many
      // recent matches are answered from the newest orders first (recentMatches).
      .orderBy(search ? "o.created_at + interval '0 seconds'" : 'o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(filter.limit + 1);
    if (filter.status?.length) qb.andWhere('o.status IN (:...statuses)', { statuses: filter.status });
    if (filter.channel?.length) qb.andWhere('o.channel IN (:...channels)', { channels: filter.channel });
    if (filter.from) {
      qb.andWhere(isBusinessDay(filter.from) ? 'o.business_date >= :from' : 'o.created_at >= :from', { from: filter.from });
    }
    if (filter.to) {
      qb.andWhere(isBusinessDay(filter.to) ? 'o.business_date <= :to' : 'o.created_at <= :to', { to: filter.to });
    }
    if (search) qb.andWhere(searchCondition(filter.q!.trim(), (name) => `o.${name}`));
    if (filter.before) {
      qb.andWhere('(o.created_at, o.id) < (:cursorAt, :cursorId)', { cursorAt: filter.before.createdAt, cursorId: filter.before.id });
    }
    return qb;
  }

  /**
   * Lists an order cancelled after the reports rolled up its day (ReportsRepository), in the transaction that cancels
   * it, with its row locked: the rollup has either counted it cancelled already (it waits for this lock) or is
   * committed and seen here.
   */
  async noteLateCancellation(tx: EntityManager, order: Order): Promise<void> {
    await tx.query(
      `INSERT INTO report_late_cancellations (order_id, business_date)
       SELECT $1, business_date FROM report_rollup_days WHERE business_date = $2 ON CONFLICT DO NOTHING`,
      [order.id, order.businessDate],
    );
  }

  /** Gives back the slot place a cancelled order held (see INSERT_ORDER), in the transaction that cancels it. */
  async releaseSlot(tx: EntityManager, order: Order): Promise<void> {
    if (!order.slotAt) return;
    await tx.query(`UPDATE slot_bookings SET taken = taken - 1 WHERE slot_at = $1 AND fulfillment = $2 AND taken > 0`, [
      order.slotAt.toISOString(),
      order.fulfillment,
    ]);
  }

  /** Runs `work` in one transaction. */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The order row alone, locked until `tx` ends. */
  lockForUpdate(tx: EntityManager, id: string): Promise<Order | null> {
    return tx.findOne(Order, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Moves the status or payment status of a locked order, bumps its version and keeps the change in the history.
   * `at` (the Clock's time, read under the lock) is the change's time in the history and the order's updated_at;
   * not the database's now(), which is when the transaction began and so may be earlier than a change that
   * locked the order first.
   */
  async recordChange(tx: EntityManager, order: Order, change: OrderChange): Promise<void> {
    const { kind, to, actor, note, at } = change;
    const from = kind === 'status' ? order.status : order.paymentStatus;
    const column = kind === 'status' ? 'status' : 'payment_status';
    // A payment refunded (however: staff, the provider, a cancel) has given the whole total back.
    const refundedAll = kind === 'payment' && to === 'refunded' ? ', refunded_cents = total_cents' : '';
    await tx.query(`UPDATE orders SET ${column} = $1${refundedAll}, version = version + 1, updated_at = $2 WHERE id = $3`, [
      to,
      at.toISOString(),
      order.id,
    ]);
    await tx.insert(OrderHistoryEntry, {
      id: newId(),
      orderId: order.id,
      kind,
      from,
      to,
      actor: actor.slice(0, 60),
      note: note?.slice(0, 200) ?? null,
      at,
    });
    if (kind === 'status') order.status = to as OrderStatus;
    else order.paymentStatus = to as PaymentStatus;
    if (refundedAll) order.refundedCents = order.totalCents;
    order.updatedAt = at;
  }

  /** Sets the amount given back of a locked order (a change the workbook shows: the version moves). */
  async recordRefundedCents(tx: EntityManager, order: Order, refundedCents: number, at: Date): Promise<void> {
    await tx.query(`UPDATE orders SET refunded_cents = $1, version = version + 1, updated_at = $2 WHERE id = $3`, [
      refundedCents,
      at.toISOString(),
      order.id,
    ]);
    order.refundedCents = refundedCents;
  }

  /**
   * Keeps what became of a text to the customer in the order's history (kind `message`, from `text` to sent,
   * failed or skipped), in `tx`: the transaction that records the outcome in the outbox.
   */
  async recordMessageOutcome(
    tx: EntityManager,
    orderId: string,
    outcome: { to: string; actor: string; note: string; at: Date },
  ): Promise<void> {
    await tx.insert(OrderHistoryEntry, {
      id: newId(),
      orderId,
      kind: 'message',
      from: 'text',
      to: outcome.to,
      actor: outcome.actor.slice(0, 60),
      note: outcome.note.slice(0, 200),
      at: outcome.at,
    });
  }

  /**
   * Sets the refund state of a locked order (not its version: the workbook does not show refunds), and keeps a
   * change of the refund's status in the history.
   */
  async recordRefundChange(tx: EntityManager, order: Order, change: RefundChange, actor: string, note?: string): Promise<void> {
    const rows: { next: Date | null }[] = await tx.query(
      // In a WITH, so that the driver answers with the rows (an UPDATE's answer is [rows, count]).
      `WITH changed AS (
         UPDATE orders SET refund_status = $1, refund_attempts = $2, refund_last_error = $3,
                refund_next_attempt_at = CASE WHEN $4::double precision IS NULL THEN NULL
                                              ELSE now() + $4::double precision * interval '1 millisecond' END,
                updated_at = now()
          WHERE id = $5 RETURNING refund_next_attempt_at)
       SELECT refund_next_attempt_at AS next FROM changed`,
      [change.status, change.attempts, change.lastError?.slice(0, 300) ?? null, change.nextAttemptInMs, order.id],
    );
    if (change.status !== order.refundStatus) {
      await tx.insert(OrderHistoryEntry, {
        id: newId(),
        orderId: order.id,
        kind: 'refund',
        from: order.refundStatus,
        to: change.status,
        actor: actor.slice(0, 60),
        note: note?.slice(0, 200) ?? null,
      });
    }
    order.refundStatus = change.status;
    order.refundAttempts = change.attempts;
    order.refundLastError = change.lastError;
    order.refundNextAttemptAt = rows[0]?.next ? new Date(rows[0].next) : null;
  }

  /**
   * Claims up to `limit` refunds that are due (pending or retrying, next attempt reached), or only the order
   * `onlyId`, for one attempt each: counts the attempt and moves the next attempt `leaseMs` ahead, so no other
   * process (`SKIP LOCKED` while this commits, the lease after) asks at the same time; if this one dies before
   * recording the outcome, the refund is due again when the lease ends. Database clock throughout.
   */
  async claimDueRefunds(limit: number, leaseMs: number, onlyId?: string): Promise<ClaimedRefund[]> {
    const rows: (Omit<ClaimedRefund, 'attempts'> & { attempts: number | string })[] = await this.dataSource.query(
      `WITH due AS (
         SELECT id FROM orders
          WHERE refund_status IN ('pending', 'retrying') AND refund_next_attempt_at <= now()
            AND ($3::uuid IS NULL OR id = $3::uuid)
          ORDER BY refund_next_attempt_at
          LIMIT $1
          -- NO KEY UPDATE: another claim skips the row, but a history or outbox row being added for the order (a
          -- key-share lock through its foreign key, e.g. a text's outcome) does not hide the refund from this sweep.
          FOR NO KEY UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE orders o SET refund_attempts = o.refund_attempts + 1,
                refund_next_attempt_at = now() + $2::double precision * interval '1 millisecond'
           FROM due WHERE o.id = due.id
         RETURNING o.id, o.order_number, o.payment_status, o.payment_provider, o.payment_reference, o.refund_attempts)
       SELECT id, order_number AS "orderNumber", payment_status AS "paymentStatus", payment_provider AS "paymentProvider",
              payment_reference AS "paymentReference", refund_attempts AS attempts
         FROM claimed`,
      [limit, leaseMs, onlyId ?? null],
    );
    return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
  }

  /** Orders whose refund was given up on (a person must act), most recently changed first, with their lines. */
  async findRefundsNeedingAttention(limit: number): Promise<{ orders: Order[]; total: number }> {
    const [orders, total] = await this.dataSource.manager.findAndCount(Order, {
      where: { refundStatus: 'failed' },
      relations: { items: true },
      order: { updatedAt: 'DESC', id: 'DESC' },
      take: limit,
    });
    return { orders, total };
  }

  // The Excel export's reads and bookkeeping: `version` is bumped on every change, `exported_version` is the
  // version the day's workbook shows.

  /** Every order of a business day, in workbook order, without its lines (`findDayLinesForExport`). */
  async findDayForExport(day: string): Promise<OrderForExport[]> {
    const rows: OrderForExport[] = await this.dataSource.query(
      `SELECT id, order_number AS "orderNumber", created_at AS "createdAt", customer_name AS "customerName",
              customer_phone AS "customerPhone", channel, fulfillment, delivery_address AS "deliveryAddress",
              delivery_formatted_address AS "deliveryFormattedAddress", subtotal_cents AS "subtotalCents",
              delivery_fee_cents AS "deliveryFeeCents", tax_cents AS "taxCents", total_cents AS "totalCents", currency,
              status, payment_status AS "paymentStatus", promised_at AS "promisedAt", refunded_cents AS "refundedCents",
              version, exported_version AS "exportedVersion"
         FROM orders WHERE business_date = $1 ORDER BY created_at, order_number`,
      [day],
    );
    for (const row of rows) {
      row.createdAt = new Date(row.createdAt);
      row.promisedAt = row.promisedAt === null ? null : new Date(row.promisedAt);
    }
    return rows;
  }

  /** The lines of every order of a business day, by order id, in order. */
  async findDayLinesForExport(day: string): Promise<Map<string, OrderLineForExport[]>> {
    const rows: (OrderLineForExport & { orderId: string })[] = await this.dataSource.query(
      `SELECT i.order_id AS "orderId", i.name, i.quantity, i.notes, i.options FROM order_items i JOIN orders o ON o.id = i.order_id
        WHERE o.business_date = $1 ORDER BY i.order_id, i.position`,
      [day],
    );
    const byOrder = new Map<string, OrderLineForExport[]>();
    for (const { orderId, ...line } of rows) {
      const list = byOrder.get(orderId) ?? [];
      list.push(line);
      byOrder.set(orderId, list);
    }
    return byOrder;
  }

  /**
   * Marks exactly the versions a workbook write carried (`... AND version = <written>`), so a change that landed
   * during the write stays pending for the next one.
   */
  async markExported(written: readonly Pick<OrderForExport, 'id' | 'version'>[]): Promise<void> {
    const chunk = 5000;
    for (let i = 0; i < written.length; i += chunk) {
      const part = written.slice(i, i + chunk);
      await this.dataSource.query(
        `UPDATE orders o SET exported_version = x.v
           FROM (SELECT unnest($1::uuid[]) AS id, unnest($2::int[]) AS v) x
          WHERE o.id = x.id AND o.version = x.v AND o.exported_version < x.v`,
        [part.map((o) => o.id), part.map((o) => o.version)],
      );
    }
  }

  /** Business days with changes the workbook does not show yet (uses the partial index ix_orders_unexported). */
  async findUnexportedDays(): Promise<string[]> {
    const rows: { day: string }[] = await this.dataSource.query(
      `SELECT DISTINCT to_char(business_date, 'YYYY-MM-DD') AS day FROM orders WHERE version > exported_version ORDER BY 1`,
    );
    return rows.map((r) => r.day);
  }

  /** Count of orders with unexported changes and the age of the oldest such change. */
  async exportBacklog(): Promise<{ unexportedOrders: number; oldestUnexportedAt: string | null }> {
    const [row]: { n: number; oldest: Date | null }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n, min(updated_at) AS oldest FROM orders WHERE version > exported_version`,
    );
    return { unexportedOrders: row.n, oldestUnexportedAt: row.oldest ? new Date(row.oldest).toISOString() : null };
  }

  /** Orders of that business day whose changes the workbook does not show yet. */
  async countUnexported(day: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM orders WHERE business_date = $1 AND version > exported_version`,
      [day],
    );
    return n;
  }

  async hasOrdersOn(day: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM orders WHERE business_date = $1 LIMIT 1`, [day]);
    return rows.length > 0;
  }
}

/** How many of the newest orders a search reads before it asks the indexes (OrdersRepository.recentMatches). */
const SEARCH_WINDOW = 2000;

/**
 * The staff search (`q`): any part of the name or the address, a phone number, an order number; `column` names the
 * orders' columns where the query reads them (the table, or the search window's copy). On the table each part is
 * answered by its index (migration OrderSearch): the address expression is written as the index's, and only orders
 * with an address are in that index.
 */
function searchCondition(q: string, column: (name: string) => string): Brackets {
  const digits = q.replace(/\D/g, '');
  const number = normalizeOrderNumber(q);
  // An order number ("A-1234", "a1234") is that order, and a phone number (seven digits or more, with nothing but
  // spaces, dots, dashes, brackets or a plus beside them) is a phone: neither is looked for in names and addresses,
  // nor an order number's digits in phones. Names hold digits too ("Customer 1204"), and the trigram indexes would
  // hand over thousands of those to be checked: a phone search spent 30 ms of 50 there at five million orders.
  if (number) return new Brackets((w) => w.where(`${column('order_number')} = :number`, { number }));
  const phoneEnd = digits.length >= 7 && { phoneEnd: `${[...digits].reverse().join('')}%` };
  const phoneEndCondition = `reverse(${column('customer_phone')}) LIKE :phoneEnd`;
  if (phoneEnd && /^[\d\s().+-]+$/.test(q)) return new Brackets((w) => w.where(phoneEndCondition, phoneEnd));
  return new Brackets((w) => {
    w.where(`${column('customer_name')} ILIKE :text`, { text: `%${escapeLike(q)}%` });
    w.orWhere(
      `(${column('delivery_address')} IS NOT NULL AND (coalesce(${column('delivery_address')}, '') || ' ' || coalesce(${column('delivery_formatted_address')}, '')) ILIKE :text)`,
    );
    // Seven digits or more are the end of a number (its last digits, the number without its country code, the whole
    // number): found by the reversed-number index. Fewer are any part of one (the trigram index).
    if (phoneEnd) w.orWhere(phoneEndCondition, phoneEnd);
    else if (digits.length >= 3) w.orWhere(`${column('customer_phone')} LIKE :phone`, { phone: `%${digits}%` });
  });
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
