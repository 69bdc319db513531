import { getMetadataArgsStorage } from 'typeorm';
import { OrderItem } from './entities/order-item.entity.js';
import { Order } from './entities/order.entity.js';
import { INSERT_ORDER, ORDER_COLUMNS, ORDER_LINE_COLUMNS } from './orders.repository.js';

const createdAt = new Date('2026-12-02T18:00:00.000Z');
const updatedAt = new Date('2026-12-02T18:00:01.000Z');

/** Every property holds a value no other property holds, so a column fed from the wrong property shows. */
function sampleOrder(): Order {
  const order = Object.assign(new Order(), {
    id: '6f1c2b9e-3d4a-4b5c-8d6e-7f8091a2b3c4',
    orderNumber: 'A-1001',
    status: 'received',
    paymentStatus: 'pending',
    paymentMethod: 'card',
    channel: 'web',
    fulfillment: 'delivery',
    customerName: 'Ada',
    customerPhone: '+12065550100',
    deliveryAddress: '221 Pine St',
    deliveryFormattedAddress: '221 Pine St, Seattle, WA 98101',
    deliveryLat: 47.61,
    deliveryLng: -122.34,
    deliveryDistanceMeters: 1800,
    deliveryZone: 'Downtown',
    notes: 'Ring twice',
    subtotalCents: 2400,
    deliveryFeeCents: 299,
    taxCents: 246,
    totalCents: 2945,
    currency: 'USD',
    paymentProvider: 'mock',
    paymentReference: 'pi_mock_1',
    checkoutUrl: 'https://checkout.mock.local/pay/cs_mock_1',
    refundStatus: 'retrying',
    refundAttempts: 3,
    refundedCents: 0,
    refundLastError: 'Stripe did not answer',
    refundNextAttemptAt: new Date('2026-12-02T18:30:00.000Z'),
    voiceCallId: 'call-1',
    requestedTime: new Date('2026-12-02T19:30:00.000Z'),
    promisedAt: new Date('2026-12-02T19:30:00.000Z'),
    prepStartAt: new Date('2026-12-02T19:08:00.000Z'),
    slotAt: new Date('2026-12-02T19:30:00.000Z'),
    businessDate: '2026-12-02',
    version: 1,
    exportedVersion: 0,
    anonymizedAt: new Date('2026-12-03T11:00:00.000Z'),
    createdAt,
    updatedAt,
  } satisfies Partial<Order>);
  order.items = [0, 1].map((position) =>
    Object.assign(new OrderItem(), {
      id: `0000000${position}-0000-4000-8000-000000000000`,
      orderId: order.id,
      position,
      menuItemId: `1000000${position}-0000-4000-8000-000000000000`,
      name: `Dish ${position}`,
      unitPriceCents: 1200 + position,
      quantity: 2 + position,
      lineTotalCents: 2400 + position,
      options: position
        ? [{ optionId: `2000000${position}-0000-4000-8000-000000000000`, group: 'Size', name: 'Large', priceDeltaCents: 500 }]
        : [],
      notes: position ? 'no onions' : null,
    }),
  );
  return order;
}

/** The entity's columns as the database names them, with the property each maps to. */
function entityColumns(target: object): { column: string; property: string; type: unknown }[] {
  return getMetadataArgsStorage()
    .columns.filter((c) => c.target === target)
    .map((c) => ({ column: c.options.name ?? c.propertyName, property: c.propertyName, type: c.options.type }));
}

function inserted(sql: string, table: string): string[] {
  const match = new RegExp(`INSERT INTO ${table} \\(([^)]*)\\)`).exec(sql);
  return match ? match[1].split(',').map((c) => c.trim()) : [];
}

const placeholders = (text: string): number[] => [...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));

describe('INSERT_ORDER (the new-order statement, made from ORDER_COLUMNS and ORDER_LINE_COLUMNS)', () => {
  const record = { key: 'api:key-1', requestHash: 'a'.repeat(64), responseBody: { id: 'x', totalCents: 2945 } };

  it('has one parameter for every placeholder it uses, numbered without a gap', () => {
    const used = new Set(placeholders(INSERT_ORDER.sql));
    const params = INSERT_ORDER.params(sampleOrder(), record, 8);
    expect(params).toHaveLength(ORDER_COLUMNS.length + ORDER_LINE_COLUMNS.length + 6);
    expect([...used].sort((a, b) => a - b)).toEqual(params.map((_, i) => i + 1));
  });

  it('writes every column of the orders table once, each from the entity property of that column', () => {
    const columns = inserted(INSERT_ORDER.sql, 'orders');
    const entity = entityColumns(Order);
    expect([...columns].sort()).toEqual(entity.map((c) => c.column).sort());
    expect(new Set(columns).size).toBe(columns.length);

    const order = sampleOrder();
    const params = INSERT_ORDER.params(order, null, 8);
    const values = /INSERT INTO orders \([^)]*\)\s*VALUES \(([^)]*)\)/
      .exec(INSERT_ORDER.sql)![1]
      .split(',')
      .map((v) => v.trim());
    expect(values).toHaveLength(columns.length);
    columns.forEach((column, i) => {
      const { property } = entity.find((c) => c.column === column)!;
      const expected = order[property as keyof Order];
      const value = params[placeholders(values[i])[0] - 1];
      expect([column, value]).toEqual([column, expected instanceof Date ? expected.toISOString() : expected]);
    });
  });

  it('writes every column of order_items once, each line column as an array of that column in line order', () => {
    const columns = inserted(INSERT_ORDER.sql, 'order_items');
    const entity = entityColumns(OrderItem);
    expect([...columns].sort()).toEqual(entity.map((c) => c.column).sort());
    expect(new Set(columns).size).toBe(columns.length);

    const order = sampleOrder();
    const params = INSERT_ORDER.params(order, null, 8);
    const sqlType: Record<string, string> = { uuid: 'uuid', integer: 'int', varchar: 'varchar', jsonb: 'jsonb' };
    for (const [column, arrayType] of ORDER_LINE_COLUMNS) {
      const { property, type } = entity.find((c) => c.column === column)!;
      expect([column, arrayType]).toEqual([column, sqlType[String(type)]]);
      const cast = new RegExp(`\\$(\\d+)::${arrayType}\\[\\]`, 'g');
      const position = ORDER_LINE_COLUMNS.findIndex(([c]) => c === column);
      const arrays = [...INSERT_ORDER.sql.matchAll(/\$(\d+)::\w+\[\]/g)].map((m) => Number(m[1]));
      expect(INSERT_ORDER.sql).toMatch(cast);
      // A JSON column travels as JSON text (an array of jsonb).
      const sent = params[arrays[position] - 1] as unknown[];
      const values = arrayType === 'jsonb' ? sent.map((v) => JSON.parse(v as string) as unknown) : sent;
      expect([column, values]).toEqual([column, order.items.map((l) => l[property as keyof OrderItem])]);
    }
    expect(
      /AS l\(([^)]*)\)/
        .exec(INSERT_ORDER.sql)![1]
        .split(',')
        .map((c) => c.trim()),
    ).toEqual(ORDER_LINE_COLUMNS.map(([c]) => c));
  });

  it('adds the idempotency record when there is one, and nulls (no record row) when there is none', () => {
    expect(INSERT_ORDER.params(sampleOrder(), record, 8).slice(-4, -1)).toEqual([
      record.key,
      record.requestHash,
      JSON.stringify(record.responseBody),
    ]);
    expect(INSERT_ORDER.params(sampleOrder(), null, 8).slice(-4, -1)).toEqual([null, null, null]);
  });

  it("queues the customer's texts for the new order's phone in the same statement, and none when there are none", () => {
    const order = sampleOrder();
    const [, phone, kinds, bodies] =
      /INSERT INTO outbound_messages \(order_id, to_phone, kind, body\)\s*SELECT o\.id, \$(\d+)::varchar, m\.kind, m\.body FROM o, unnest\(\$(\d+)::varchar\[\], \$(\d+)::text\[\]\) AS m\(kind, body\)/
        .exec(INSERT_ORDER.sql)!
        .map(Number);
    const texts = [
      { kind: 'confirmed', body: 'Luigi: order A-1001 confirmed' },
      { kind: 'payment_link', body: 'Luigi: order A-1001, $29.45. Pay here: https://checkout.mock.local/pay/cs_1' },
    ];
    const params = INSERT_ORDER.params(order, null, 8, texts);
    expect([params[phone - 1], params[kinds - 1], params[bodies - 1]]).toEqual([
      order.customerPhone,
      ['confirmed', 'payment_link'],
      texts.map((t) => t.body),
    ]);
    expect(INSERT_ORDER.params(order, null, 8).slice(kinds - 1, bodies)).toEqual([[], []]);
  });

  it("books the order's slot and fulfillment, with the slot's capacity, in the same statement", () => {
    const order = sampleOrder();
    const params = INSERT_ORDER.params(order, null, 8);
    const [, slot, fulfillment, capacity] =
      /INSERT INTO slot_bookings[^(]*\([^)]*\)\s*VALUES \(\$(\d+)::timestamptz, \$(\d+)::varchar, 1, \$(\d+)::int\)/
        .exec(INSERT_ORDER.sql)!
        .map(Number);
    expect([params[slot - 1], params[fulfillment - 1], params[capacity - 1]]).toEqual([order.slotAt!.toISOString(), order.fulfillment, 8]);
  });
});
