import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsInstant } from '@/common/business-date.js';
import { compactPhone } from '@/common/phone.js';
import { FULFILLMENTS, PAYMENT_METHODS } from '../order-status.js';
import type { Fulfillment, PaymentMethod } from '../order-status.js';

export const E164 = /^\+[1-9]\d{6,14}$/;
export const MAX_LINES = 50;
export const MAX_QUANTITY = 50;
export const MAX_NAME_CHARS = 100;
export const MAX_ADDRESS_CHARS = 300;
export const MAX_ORDER_NOTES_CHARS = 500;
export const MAX_LINE_NOTES_CHARS = 200;
/** Options one line may name (a dish's groups allow at most 20 choices each; a line has a handful). */
export const MAX_LINE_OPTIONS = 20;
/** The channels a REST client may name; voice orders come through the Vapi webhook. */
export const REST_CHANNELS = ['web', 'mobile'] as const;

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const normalizePhone = ({ value }: { value: unknown }) => (typeof value === 'string' ? compactPhone(value) : value);

export class OrderLineDto {
  @ApiProperty({ format: 'uuid', description: 'An id from GET /api/menu', example: '3f0c5b8e-2a51-4f55-9d2c-1f1f3c6f8a10' })
  @IsUUID('all', { message: 'menuItemId must be a menu item id from GET /api/menu' })
  menuItemId: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_QUANTITY, example: 2 })
  @IsInt({ message: 'quantity must be a whole number' })
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity: number;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_LINE_OPTIONS,
    description:
      "Ids of the dish's options (GET /api/menu, `optionGroups[].options[].id`). A required group left out is filled with " +
      'its default; the answer shows every option chosen.',
    example: ['8c3b2e4a-9d5f-4a7b-8b43-5e6f7a8b9ca2', '9d4c3f5b-0e6a-4b8c-9c54-6f7a8b9cadb3'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LINE_OPTIONS)
  @IsUUID('all', { each: true, message: 'each value in options must be an option id from GET /api/menu' })
  options?: string[];

  @ApiPropertyOptional({ maxLength: MAX_LINE_NOTES_CHARS, example: 'Well done, extra basil' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_LINE_NOTES_CHARS)
  notes?: string;
}

export class CreateOrderDto {
  @ApiProperty({ maxLength: MAX_NAME_CHARS, example: 'Grace Hopper' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_NAME_CHARS)
  customerName: string;

  @ApiProperty({ description: 'E.164 phone number', example: '+12065550142' })
  @Transform(normalizePhone)
  @IsString()
  @Matches(E164, { message: 'customerPhone must be an international phone number such as +12065550142' })
  customerPhone: string;

  @ApiPropertyOptional({ enum: REST_CHANNELS, default: 'web', description: 'Voice orders come through the Vapi webhook' })
  @IsOptional()
  @IsIn(REST_CHANNELS)
  channel?: (typeof REST_CHANNELS)[number];

  @ApiProperty({ enum: FULFILLMENTS, example: 'delivery' })
  @IsIn(FULFILLMENTS)
  fulfillment: Fulfillment;

  @ApiPropertyOptional({ maxLength: MAX_ADDRESS_CHARS, description: 'Required for delivery', example: '221 Pine St, Seattle, WA 98101' })
  @ValidateIf((o: CreateOrderDto) => o.fulfillment === 'delivery' || o.deliveryAddress !== undefined)
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'deliveryAddress is required for delivery orders' })
  @MaxLength(MAX_ADDRESS_CHARS)
  deliveryAddress?: string;

  @ApiProperty({ enum: PAYMENT_METHODS, example: 'card' })
  @IsIn(PAYMENT_METHODS)
  paymentMethod: PaymentMethod;

  @ApiProperty({ type: [OrderLineDto], minItems: 1, maxItems: MAX_LINES })
  @IsArray()
  @ArrayMinSize(1, { message: 'items must contain at least one dish' })
  @ArrayMaxSize(MAX_LINES)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  items: OrderLineDto[];

  @ApiPropertyOptional({ maxLength: MAX_ORDER_NOTES_CHARS, example: 'Ring the bell twice' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(MAX_ORDER_NOTES_CHARS)
  notes?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2026-12-04T19:30:00-08:00',
    description:
      'Order ahead: when the customer wants it (ready for pickup, or at the door), with its UTC offset. Left out: as soon as ' +
      'possible. It must be a slot start (GET /api/slots) inside opening hours, at least LEAD_TIME_MINUTES from now and at ' +
      'most ORDER_AHEAD_DAYS ahead: else 422 TIME_NOT_ON_SLOT, TIME_CLOSED, TIME_TOO_SOON or TIME_TOO_FAR; a full slot is 422 ' +
      'SLOT_FULL. Each refusal carries `nextSlots`, the next open slots.',
  })
  @IsOptional()
  @IsInstant('requestedTime must be a time with its offset, such as 2026-12-04T19:30:00-08:00')
  requestedTime?: string;
}
