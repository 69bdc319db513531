import type { ArgumentMetadata } from '@nestjs/common';
import { ValidationPipe } from '@nestjs/common';
import { IsString } from 'class-validator';
import fc from 'fast-check';
import { AppValidationPipe, VALIDATION_OPTIONS } from '@/common/validation.pipe.js';
import { CreateOrderDto, OrderLineDto } from './create-order.dto.js';
import { createOrderFastPath } from './create-order.fast-path.js';

const BODY: ArgumentMetadata = { type: 'body', metatype: CreateOrderDto };
const slowPipe = new ValidationPipe(VALIDATION_OPTIONS);

/** What the app's ValidationPipe makes of `value`: the DTO, or the messages of its 400. */
async function slow(value: unknown): Promise<{ dto: CreateOrderDto } | { errors: string[] }> {
  try {
    return { dto: (await slowPipe.transform(value, BODY)) as CreateOrderDto };
  } catch (err) {
    return { errors: (err as { getResponse(): { message: string[] } }).getResponse().message };
  }
}

const UUID_V4 = '3f0c5b8e-2a51-4f55-9d2c-1f1f3c6f8a10';
const valid = {
  customerName: 'Grace Hopper',
  customerPhone: '+12065550142',
  fulfillment: 'pickup',
  paymentMethod: 'cash',
  items: [{ menuItemId: UUID_V4, quantity: 2, notes: 'no onions' }],
};

/** Values near every rule's edges, valid and not, for any field. */
const EDGES: unknown[] = [
  undefined,
  null,
  '',
  ' ',
  '  x  ',
  'web',
  'mobile',
  'voice',
  'pickup',
  'delivery',
  'drone',
  'card',
  'cash',
  'bitcoin',
  '+12065550142',
  ' +1 (206) 555-0142 ',
  '555-CALL-NOW',
  '+0123456',
  '+1234567',
  UUID_V4,
  UUID_V4.toUpperCase(),
  '00000000-0000-0000-0000-000000000000',
  '3f0c5b8e-2a51-9f55-9d2c-1f1f3c6f8a10',
  "1' OR 1=1 --",
  0,
  1,
  2,
  50,
  51,
  -1,
  1.5,
  Number.NaN,
  '2',
  true,
  [],
  {},
  'x'.repeat(100),
  ` ${'x'.repeat(100)} `,
  'x'.repeat(101),
  'y'.repeat(200),
  'y'.repeat(201),
  'z'.repeat(300),
  'z'.repeat(301),
  'w'.repeat(500),
  'w'.repeat(501),
  '\u{1F355}'.repeat(60),
  'e\u0301',
  '\u0000',
  '\u00a0name\u00a0',
  '2026-12-04T19:30:00-08:00',
  '2026-12-04T19:30:00.000Z',
  '2026-12-04T19:30:00',
  '2026-02-30T19:30:00Z',
  '2026-12-04',
];
const anyValue = fc.oneof(fc.constantFrom(...EDGES), fc.string({ maxLength: 12 }), fc.integer({ min: -3, max: 60 }));

/** Option lists: ids, bent ids, too many, not a list. */
const options = fc.oneof(
  fc.array(fc.oneof(fc.constant(UUID_V4), anyValue), { maxLength: 3 }),
  fc.constant(Array.from({ length: 21 }, () => UUID_V4)),
  fc.constant(Array.from({ length: 20 }, () => UUID_V4)),
  anyValue,
);

const line = fc.oneof(
  fc.record({ menuItemId: anyValue, quantity: anyValue, notes: anyValue, options: anyValue, extra: anyValue }, { requiredKeys: [] }),
  fc.record(
    {
      menuItemId: fc.constant(UUID_V4),
      quantity: fc.integer({ min: 0, max: 51 }),
      notes: fc.constantFrom('', ' well done ', 'q'.repeat(201)),
      options,
    },
    { requiredKeys: ['menuItemId', 'quantity'] },
  ),
  anyValue,
);

/** A valid line, or one with a field bent. */
const bentLine = fc.oneof(
  { weight: 2, arbitrary: fc.constant(valid.items[0]) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom('menuItemId', 'quantity', 'notes', 'options', 'extra', '__proto__'), fc.oneof(anyValue, options))
      .map(([k, v]) => ({ ...valid.items[0], [k]: v })),
  },
  { weight: 1, arbitrary: line },
);

/** Bodies: a valid one with one field bent, valid ones with bent lines, and wild ones. */
const body = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          ...Object.keys(valid),
          'channel',
          'deliveryAddress',
          'notes',
          'requestedTime',
          'totalCents',
          '__proto__',
          'constructor',
        ),
        anyValue,
        fc.constantFrom('pickup', 'delivery'),
      )
      .map(([key, v, fulfillment]) => {
        const b: Record<string, unknown> = { ...valid, fulfillment, ...(fulfillment === 'delivery' && { deliveryAddress: '221 Pine St' }) };
        // As JSON.parse would have it: an own key, even "__proto__".
        Object.defineProperty(b, key, { value: v, enumerable: true, writable: true, configurable: true });
        return b;
      }),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 51 }), bentLine, fc.nat()).map(([count, bent, at]) => {
      const items: unknown[] = Array.from({ length: count }, () => valid.items[0]);
      if (count > 0) items[at % count] = bent;
      return { ...valid, items };
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        customerName: anyValue,
        customerPhone: anyValue,
        channel: anyValue,
        fulfillment: anyValue,
        deliveryAddress: anyValue,
        paymentMethod: anyValue,
        items: fc.oneof(fc.array(line, { maxLength: 3 }), anyValue),
        notes: anyValue,
        requestedTime: anyValue,
        coupon: anyValue,
      },
      { requiredKeys: [] },
    ),
  },
);

describe('createOrderFastPath', () => {
  it('accepts only what the ValidationPipe accepts, and builds exactly the same DTO', async () => {
    let taken = 0;
    let total = 0;
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        total++;
        // Both get their own copy: the ValidationPipe strips "__proto__" keys in place.
        const copy = () => viaJson(b);
        const fast = createOrderFastPath(copy());
        if (fast === null) return;
        taken++;
        const answer = await slow(copy());
        expect(answer).toHaveProperty('dto');
        const dto = (answer as { dto: CreateOrderDto }).dto;
        expect(fast).toStrictEqual(dto);
        expect(fast).toBeInstanceOf(CreateOrderDto);
        for (const l of fast.items) expect(l).toBeInstanceOf(OrderLineDto);
      }),
      { numRuns: 5000, seed: 20261202 },
    );
    // The property is not vacuous: a fair share of the bodies went down the fast path.
    expect(taken).toBeGreaterThan(total / 20);
  });

  it('agrees with the ValidationPipe on every edge value in every field of a valid order and of its line', async () => {
    const agree = async (b: unknown) => {
      const fast = createOrderFastPath(viaJson(b));
      if (fast !== null) expect(fast).toStrictEqual(((await slow(viaJson(b))) as { dto: CreateOrderDto }).dto);
      return fast !== null;
    };
    let taken = 0;
    for (const fulfillment of ['pickup', 'delivery']) {
      const base = { ...valid, fulfillment, ...(fulfillment === 'delivery' && { deliveryAddress: '221 Pine St' }) };
      for (const key of [...Object.keys(base), 'channel', 'deliveryAddress', 'notes', 'requestedTime', 'totalCents']) {
        for (const v of EDGES) {
          if (await agree({ ...base, [key]: v })) taken++;
          if (
            await agree({
              ...base,
              items: [{ ...valid.items[0], [key === 'customerName' ? 'menuItemId' : key === 'customerPhone' ? 'quantity' : 'notes']: v }],
            })
          )
            taken++;
        }
      }
    }
    expect(taken).toBeGreaterThan(100);
  });

  it.each([
    ['a cash pickup', valid],
    [
      'a card delivery with notes and a typed phone number',
      {
        customerName: '  Ada ',
        customerPhone: '+1 (206) 555-0142',
        channel: 'mobile',
        fulfillment: 'delivery',
        deliveryAddress: ' 221 Pine St, Seattle ',
        paymentMethod: 'card',
        notes: ' Ring twice ',
        requestedTime: '2026-12-04T19:30:00-08:00',
        items: [
          { menuItemId: UUID_V4, quantity: 1, options: [UUID_V4, UUID_V4.toUpperCase()] },
          { menuItemId: UUID_V4.toUpperCase(), quantity: 50, notes: '', options: [] },
        ],
      },
    ],
  ])('takes %s (the bodies clients send) and builds what the ValidationPipe builds', async (_name, b) => {
    const fast = createOrderFastPath(viaJson(b));
    expect(fast).not.toBeNull();
    expect(fast).toStrictEqual(((await slow(viaJson(b))) as { dto: CreateOrderDto }).dto);
  });

  it.each([
    ['an unknown field', { ...valid, coupon: 'FREE' }],
    ['a null optional field', { ...valid, notes: null }],
    ['a delivery without an address', { ...valid, fulfillment: 'delivery' }],
    ['a blank name', { ...valid, customerName: '   ' }],
    ['a fractional quantity', { ...valid, items: [{ menuItemId: UUID_V4, quantity: 1.5 }] }],
    ['no items', { ...valid, items: [] }],
    ['an array body', [valid]],
  ])('leaves %s to the ValidationPipe', (_name, b) => {
    expect(createOrderFastPath(viaJson(b))).toBeNull();
  });

  it('is what the app pipe uses for order bodies; other types and errors go through the ValidationPipe', async () => {
    const pipe = new AppValidationPipe(new Map([[CreateOrderDto, createOrderFastPath]]));
    expect(await pipe.transform(viaJson(valid), BODY)).toStrictEqual(createOrderFastPath(viaJson(valid)));
    await expect(pipe.transform({ ...valid, coupon: 'FREE' }, BODY)).rejects.toMatchObject({
      response: { message: ['property coupon should not exist'] },
    });
    class Other {
      @IsString() a: string;
    }
    expect(await pipe.transform({ a: 'x' }, { type: 'body', metatype: Other })).toBeInstanceOf(Other);
  });
});

/** The body as the server receives it: through JSON (own "__proto__" keys stay own keys, undefined drops out). */
function viaJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
