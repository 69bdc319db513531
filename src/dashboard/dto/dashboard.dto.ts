import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsBusinessDay, IsInstant } from '@/common/business-date.js';
import { CHANNELS, ORDER_STATUSES } from '@/orders/order-status.js';
import type { Channel, OrderStatus } from '@/orders/order-status.js';

export const BOARD_STATUS_FILTERS = ['active', 'all', ...ORDER_STATUSES] as const;
export type BoardStatusFilter = (typeof BOARD_STATUS_FILTERS)[number];

const blank = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

export class BoardQueryDto {
  /** Business day (YYYY-MM-DD); "any" searches every day. Defaults to today in the restaurant's time zone. */
  @IsOptional()
  @Transform(blank)
  @IsBusinessDay({ or: 'any', message: 'date must be YYYY-MM-DD or any' })
  date?: string;

  @IsOptional()
  @Transform(blank)
  @IsIn(BOARD_STATUS_FILTERS, { message: `status must be one of ${BOARD_STATUS_FILTERS.join(', ')}` })
  status?: BoardStatusFilter;

  @IsOptional()
  @Transform(blank)
  @IsIn(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` })
  channel?: Channel;

  @IsOptional()
  @Transform(blank)
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class StatusChangeDto {
  @IsIn(ORDER_STATUSES, { message: `status must be one of ${ORDER_STATUSES.join(', ')}` })
  status: OrderStatus;
}

export class MenuAvailabilityDto {
  @IsBoolean({ message: 'available must be true or false' })
  available: boolean;
}

/** Left out, a field keeps its value; sent, it must be a value (null is refused, not stored). */
export class LoginFormDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  username?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  password?: string;
}

/** The most extra minutes staff may add to every promise (four hours). */
export const MAX_BUSY_MINUTES = 240;

/**
 * A change of the pause switch or the busy time (PUT /dashboard/api/ordering). A field left out keeps its value;
 * `resumesAt: null` is a pause until staff lift it, `busyUntil: null` extra minutes until staff clear them.
 */
export class OrderingChangeDto {
  // Left out it keeps its value; null is refused, not read as "keep" (only the two times take null).
  @ValidateIf((dto: OrderingChangeDto) => dto.paused !== undefined)
  @IsBoolean({ message: 'paused must be true or false' })
  paused?: boolean;

  /** A time sent only with `paused: true`: a pause that is lifted needs no end. */
  @ValidateIf((dto: OrderingChangeDto) => dto.resumesAt !== undefined && dto.resumesAt !== null)
  @IsInstant('resumesAt must be a time with its offset, such as 2026-12-04T19:30:00-08:00, or null')
  resumesAt?: string | null;

  @ValidateIf((dto: OrderingChangeDto) => dto.busyMinutes !== undefined)
  @IsInt({ message: `busyMinutes must be a whole number of minutes from 0 to ${MAX_BUSY_MINUTES}` })
  @Min(0, { message: `busyMinutes must be a whole number of minutes from 0 to ${MAX_BUSY_MINUTES}` })
  @Max(MAX_BUSY_MINUTES, { message: `busyMinutes must be a whole number of minutes from 0 to ${MAX_BUSY_MINUTES}` })
  busyMinutes?: number;

  @ValidateIf((dto: OrderingChangeDto) => dto.busyUntil !== undefined && dto.busyUntil !== null)
  @IsInstant('busyUntil must be a time with its offset, such as 2026-12-04T19:30:00-08:00, or null')
  busyUntil?: string | null;
}
