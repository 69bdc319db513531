import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { ErrorCode } from '@/common/domain-error.js';
import { HTTP_ANSWERS } from '@/common/http-exception.filter.js';
import { SlotViewDto } from '@/scheduling/dto/slots.dto.js';

/** The codes a client can see: what HTTP_ANSWERS publishes (the domain-only codes never reach a response). */
export const PUBLISHED_ERROR_CODES: readonly ErrorCode[] = [
  ...new Set(Object.entries(HTTP_ANSWERS).map(([code, answer]) => answer.publishedAs ?? (code as ErrorCode))),
].sort();

/** Every error body (common/http-exception.filter.ts `toErrorBody`), one schema for the whole API. */
export class ErrorDto {
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 422, description: 'The HTTP status, repeated' })
  statusCode: number;

  @ApiProperty({ example: 'Unprocessable Entity', description: 'The HTTP reason phrase' })
  error: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description:
      'For people, not for branching. A 400 from request validation lists one message per field error ' +
      '("items.0.quantity must not be greater than 50"); every other error has one string.',
    example: 'Delivery to this address needs a minimum order of $20.00; please add $4.50 more.',
  })
  message: string | string[];

  @ApiPropertyOptional({
    enum: PUBLISHED_ERROR_CODES,
    enumName: 'ErrorCode',
    description:
      "A stable code to branch on. Absent where the failure is not the domain's: field validation, an unreadable body, " +
      'a missing token, the rate limit, an unknown route.',
    example: ErrorCode.BELOW_MINIMUM_ORDER,
  })
  code?: ErrorCode;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'ITEM_UNAVAILABLE: the dishes that cannot be ordered now; PRICE_BELOW_ZERO: the dish',
  })
  menuItemIds?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'The option codes (UNKNOWN_OPTION, OPTION_...): the dish of the line' })
  menuItemId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'OPTION_UNAVAILABLE, OPTION_REQUIRED, TOO_MANY_OPTIONS: the group' })
  optionGroupId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'UNKNOWN_OPTION, OPTION_UNAVAILABLE, OPTION_REPEATED: the options' })
  optionIds?: string[];

  @ApiPropertyOptional({ type: 'integer', example: 2000, description: 'BELOW_MINIMUM_ORDER: the minimum subtotal for this address' })
  minOrderCents?: number;

  @ApiPropertyOptional({ type: 'integer', example: 450, description: 'BELOW_MINIMUM_ORDER: what the subtotal is short of it' })
  shortByCents?: number;

  @ApiPropertyOptional({ type: 'integer', example: 12400, description: 'OUT_OF_DELIVERY_AREA: how far the address is' })
  distanceMeters?: number;

  @ApiPropertyOptional({ type: 'integer', example: 10000, description: 'OUT_OF_DELIVERY_AREA: how far we deliver' })
  maxDistanceMeters?: number;

  @ApiPropertyOptional({ example: 'ready', description: 'ILLEGAL_TRANSITION: the order status now' })
  currentStatus?: string;

  @ApiPropertyOptional({ type: [String], example: ['completed'], description: 'ILLEGAL_TRANSITION: where it may move instead' })
  allowed?: string[];

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    example: '2026-12-04T19:00:00.000-08:00',
    description: 'SLOT_FULL and TIME_...: the time asked for, in restaurant time (null: as soon as possible)',
  })
  requestedTime?: string | null;

  @ApiPropertyOptional({
    type: [SlotViewDto],
    description: 'SLOT_FULL and TIME_...: the next open slots (at most three; empty when none is left within ORDER_AHEAD_DAYS)',
  })
  nextSlots?: SlotViewDto[];

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    example: '2026-12-04T19:30:00.000-08:00',
    description: 'ORDERING_PAUSED: when orders are taken again (null: when staff lift the pause)',
  })
  resumesAt?: string | null;

  @ApiPropertyOptional({ example: 'pending', description: 'ILLEGAL_TRANSITION of a refund: the payment status now' })
  paymentStatus?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['A-1042'],
    description: 'CUSTOMER_HAS_OPEN_ORDERS: the orders still in progress (finish or cancel them, then ask again)',
  })
  orderNumbers?: string[];

  @ApiPropertyOptional({ type: 'integer', example: 450, description: 'REFUND_EXCEEDS_PAYMENT: what is left to refund, in minor units' })
  refundableCents?: number;

  @ApiPropertyOptional({ type: 'integer', example: 366, description: 'PERIOD_TOO_LONG: the most days one report covers' })
  maxDays?: number;
}

/** One way an operation can fail: its status and an example body, as the exception filter writes it. */
export interface ErrorAnswer {
  status: number;
  /** Key of the example (unique per status within an operation). */
  name: string;
  summary: string;
  body: Record<string, unknown>;
}

function answer(
  status: number,
  name: string,
  summary: string,
  message: string | string[],
  extra: Record<string, unknown> = {},
): ErrorAnswer {
  return { status, name, summary, body: { statusCode: status, error: STATUS_CODES[status], message, ...extra } };
}

/** A domain failure: its status comes from HTTP_ANSWERS, so the document cannot disagree with the filter. */
export function domainError(code: ErrorCode, message: string, details: Record<string, unknown> = {}): ErrorAnswer {
  const { status, publishedAs } = HTTP_ANSWERS[code];
  const published = publishedAs ?? code;
  return answer(status, published, published, message, { code: published, ...details });
}

/** The ValidationPipe's refusal: 400 with one message per field error, no code. */
export const validationFailed = (...messages: string[]): ErrorAnswer =>
  answer(400, 'validation', 'Field validation (one message per field error)', messages);

/** A 400 a handler words itself (a string message, no code). */
export const badRequest = (name: string, summary: string, message: string): ErrorAnswer => answer(400, name, summary, message);

/** A path id that is not a UUID (ParseUUIDPipe). */
export const notAUuid = (status = 400): ErrorAnswer =>
  answer(status, 'invalidId', 'The id in the path is not a UUID', 'Validation failed (uuid is expected)');

/** A path parameter that is not valid percent-encoded UTF-8 (common/undecodable-path.ts): any route with one. */
export const undecodablePath: ErrorAnswer = answer(
  400,
  'undecodablePath',
  'A path parameter is not valid percent-encoded UTF-8',
  "Failed to decode param '%E0%A4%A'",
);

export const unauthorized = (message = 'A valid admin token is required (Authorization: Bearer <token>).'): ErrorAnswer =>
  answer(401, 'unauthorized', 'Missing or wrong credentials', message);

export const notFound = (what: string): ErrorAnswer => domainError(ErrorCode.NOT_FOUND, `${what} was not found.`);

/** The public routes' per-client limit (THROTTLE_LIMIT requests per THROTTLE_TTL_SECONDS; admin calls are not limited). */
export const rateLimited: ErrorAnswer = answer(429, 'rateLimited', 'Rate limit', 'ThrottlerException: Too Many Requests');

export const databaseUnavailable: ErrorAnswer = domainError(
  ErrorCode.DATABASE_UNAVAILABLE,
  'The order system is temporarily unavailable. Please try again in a moment.',
);

/** What the body reader refuses before any route sees the request (common/request-body.ts). */
export const bodyRefusals: readonly ErrorAnswer[] = [
  answer(400, 'invalidJson', 'The body is not JSON', 'The request body is not valid JSON.'),
  answer(413, 'tooLarge', 'The body is over the limit', 'The request body is too large.'),
  answer(415, 'unsupportedEncoding', 'Content-Encoding or charset not supported', 'unsupported content encoding "compress"'),
];

const RETRY_AFTER: Record<number, { description: string; schema: { type: 'integer'; example: number } }> = {
  429: { description: 'Seconds until the window resets', schema: { type: 'integer', example: 42 } },
  503: { description: 'Seconds to wait before retrying', schema: { type: 'integer', example: 5 } },
};

/**
 * Documents the error answers of an operation: one response per status with the shared ErrorDto schema, the
 * codes it can carry in its description and one example per way it happens.
 */
export function ApiErrors(...answers: (ErrorAnswer | readonly ErrorAnswer[])[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorAnswer[]>();
  for (const a of answers.flat()) byStatus.set(a.status, [...(byStatus.get(a.status) ?? []), a]);
  const decorators = [...byStatus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, list]) => {
      const codes = [...new Set(list.map((a) => a.body.code).filter((c): c is string => typeof c === 'string'))];
      const examples = Object.fromEntries(list.map((a) => [a.name, { summary: a.summary, value: a.body }]));
      return ApiResponse({
        status,
        description:
          `${STATUS_CODES[status]}: ${list.map((a) => a.summary).join('; ')}` + (codes.length ? ` (code ${codes.join(', ')})` : ''),
        ...(RETRY_AFTER[status] ? { headers: { 'Retry-After': RETRY_AFTER[status] } } : {}),
        content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorDto) }, examples } },
      });
    });
  return applyDecorators(ApiExtraModels(ErrorDto), ...decorators);
}
