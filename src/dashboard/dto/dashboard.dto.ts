import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsBusinessDay } from '@/common/business-date.js';
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
