import { isIn, isInt, isNotEmpty, isUUID, matches, max, maxLength, min } from 'class-validator';
import { isInstant } from '@/common/business-date.js';
import { FULFILLMENTS, PAYMENT_METHODS } from '../order-status.js';
import {
  CreateOrderDto,
  E164,
  MAX_ADDRESS_CHARS,
  MAX_LINE_NOTES_CHARS,
  MAX_LINE_OPTIONS,
  MAX_LINES,
  MAX_NAME_CHARS,
  MAX_ORDER_NOTES_CHARS,
  MAX_QUANTITY,
  normalizePhone,
  OrderLineDto,
  REST_CHANNELS,
  trim,
} from './create-order.dto.js';

const ORDER_KEYS = new Set([
  'customerName',
  'customerPhone',
  'channel',
  'fulfillment',
  'deliveryAddress',
  'paymentMethod',
  'items',
  'notes',
  'requestedTime',
]);
const LINE_KEYS = new Set(['menuItemId', 'quantity', 'notes', 'options']);

/**
 * The ValidationPipe's answer for a plainly valid order body, without class-transformer's and class-validator's
 * metadata walk: the same checks as the decorators of CreateOrderDto and OrderLineDto (class-validator's own
 * predicate functions, the DTO file's own transforms), and the same DTO instances. It is stricter wherever being
 * exact would take thought: a null where a field is optional, an unknown or `__proto__` key, a value of an
 * unexpected shape all return null, and the ValidationPipe then decides and words the errors as always.
 * `create-order.fast-path.spec.ts` holds it to accepting nothing the ValidationPipe refuses, and to building
 * exactly what the ValidationPipe builds.
 */
export function createOrderFastPath(value: unknown): CreateOrderDto | null {
  if (!isPlainObject(value)) return null;
  for (const key of Object.keys(value)) if (!ORDER_KEYS.has(key)) return null;
  const dto = new CreateOrderDto();

  const name = boundedText(value.customerName, MAX_NAME_CHARS, true);
  if (name === null) return null;
  dto.customerName = name;

  const phone = normalizePhone({ value: value.customerPhone });
  if (typeof phone !== 'string' || !matches(phone, E164)) return null;
  dto.customerPhone = phone;

  if ('channel' in value) {
    if (!isIn(value.channel, REST_CHANNELS)) return null;
    dto.channel = value.channel as CreateOrderDto['channel'];
  }
  if (!isIn(value.fulfillment, FULFILLMENTS)) return null;
  dto.fulfillment = value.fulfillment as CreateOrderDto['fulfillment'];

  if ('deliveryAddress' in value || dto.fulfillment === 'delivery') {
    const address = boundedText(value.deliveryAddress, MAX_ADDRESS_CHARS, true);
    if (address === null) return null;
    dto.deliveryAddress = address;
  }
  if (!isIn(value.paymentMethod, PAYMENT_METHODS)) return null;
  dto.paymentMethod = value.paymentMethod as CreateOrderDto['paymentMethod'];

  const items = value.items;
  if (!Array.isArray(items) || items.length < 1 || items.length > MAX_LINES) return null;
  dto.items = new Array<OrderLineDto>(items.length);
  for (let i = 0; i < items.length; i++) {
    const line = orderLine(items[i]);
    if (!line) return null;
    dto.items[i] = line;
  }

  if ('notes' in value) {
    const notes = boundedText(value.notes, MAX_ORDER_NOTES_CHARS);
    if (notes === null) return null;
    dto.notes = notes;
  }
  if ('requestedTime' in value) {
    if (typeof value.requestedTime !== 'string' || !isInstant(value.requestedTime)) return null;
    dto.requestedTime = value.requestedTime;
  }
  return dto;
}

function orderLine(value: unknown): OrderLineDto | null {
  if (!isPlainObject(value)) return null;
  for (const key of Object.keys(value)) if (!LINE_KEYS.has(key)) return null;
  const line = new OrderLineDto();
  if (!isUUID(value.menuItemId, 'all')) return null;
  line.menuItemId = value.menuItemId as string;
  if (!isInt(value.quantity) || !min(value.quantity, 1) || !max(value.quantity, MAX_QUANTITY)) return null;
  line.quantity = value.quantity as number;
  if ('notes' in value) {
    const notes = boundedText(value.notes, MAX_LINE_NOTES_CHARS);
    if (notes === null) return null;
    line.notes = notes;
  }
  if ('options' in value) {
    const options = value.options;
    if (!Array.isArray(options) || options.length > MAX_LINE_OPTIONS) return null;
    for (const id of options) if (!isUUID(id, 'all')) return null;
    line.options = [...(options as string[])];
  }
  return line;
}

/**
 * The string as the DTO's @Transform(trim) leaves it, when that passes @IsString, @MaxLength(maxChars) and, where
 * `nonEmpty`, @IsNotEmpty; null otherwise.
 */
function boundedText(value: unknown, maxChars: number, nonEmpty = false): string | null {
  const trimmed = trim({ value });
  if (typeof trimmed !== 'string' || !maxLength(trimmed, maxChars) || (nonEmpty && !isNotEmpty(trimmed))) return null;
  return trimmed;
}

/** What JSON.parse makes of `{...}`: no arrays, no class instances, no objects with another prototype. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
