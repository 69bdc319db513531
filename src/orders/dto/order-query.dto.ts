import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsBusinessDay } from '@/common/business-date.js';
import { CHANNELS, ORDER_STATUSES } from '../order-status.js';
import type { Channel, OrderStatus } from '../order-status.js';

const list = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : value;

export class OrderQueryDto {
  @ApiPropertyOptional({
    enum: ORDER_STATUSES,
    isArray: true,
    description: 'One or more statuses: the parameter repeated, or one comma-separated value',
    example: ['received', 'confirmed'],
  })
  @IsOptional()
  @Transform(list)
  @IsIn(ORDER_STATUSES, { each: true })
  status?: OrderStatus[];

  @ApiPropertyOptional({
    enum: CHANNELS,
    isArray: true,
    description: 'One or more channels: the parameter repeated, or one comma-separated value',
    example: ['voice'],
  })
  @IsOptional()
  @Transform(list)
  @IsIn(CHANNELS, { each: true })
  channel?: Channel[];

  @ApiPropertyOptional({ description: 'From this business day (YYYY-MM-DD, inclusive) or instant (ISO 8601)', example: '2026-11-25' })
  @IsOptional()
  @IsBusinessDay({ or: 'instant', message: 'from must be YYYY-MM-DD or an ISO 8601 timestamp' })
  from?: string;

  @ApiPropertyOptional({ description: 'Up to this business day (YYYY-MM-DD, inclusive) or instant (ISO 8601)', example: '2026-11-25' })
  @IsOptional()
  @IsBusinessDay({ or: 'instant', message: 'to must be YYYY-MM-DD or an ISO 8601 timestamp' })
  to?: string;

  @ApiPropertyOptional({ description: 'Order number, or any part of the customer name, phone or delivery address', example: 'A-1042' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class UpdateStatusDto {
  @ApiProperty({ enum: ORDER_STATUSES, example: 'confirmed' })
  @IsIn(ORDER_STATUSES, { message: `status must be one of ${ORDER_STATUSES.join(', ')}` })
  status: OrderStatus;
}
