import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max,
  MaxLength, Min, ValidateIf, ValidateNested,
} from 'class-validator';
import { FULFILLMENTS, PAYMENT_METHODS } from '../order-status';
import type { Fulfillment, PaymentMethod } from '../order-status';

export const E164 = /^\+[1-9]\d{6,14}$/;
export const MAX_LINES = 50;
export const MAX_QUANTITY = 50;

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** People type phone numbers with spaces, dashes and brackets; only the digits and the leading + matter. */
export const normalizePhone = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.replace(/[\s\-().]/g, '') : value;

export class OrderLineDto {
  @ApiProperty({ format: 'uuid', description: 'An id from GET /api/menu', example: '3f0c5b8e-2a51-4f55-9d2c-1f1f3c6f8a10' })
  @IsUUID('all', { message: 'menuItemId must be a menu item id from GET /api/menu' })
  menuItemId: string;

  @ApiProperty({ minimum: 1, maximum: MAX_QUANTITY, example: 2 })
  @IsInt({ message: 'quantity must be a whole number' }) @Min(1) @Max(MAX_QUANTITY)
  quantity: number;

  @ApiPropertyOptional({ maxLength: 200, example: 'Well done, extra basil' })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(200)
  notes?: string;
}

export class CreateOrderDto {
  @ApiProperty({ maxLength: 100, example: 'Grace Hopper' })
  @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(100)
  customerName: string;

  @ApiProperty({ description: 'E.164 phone number', example: '+12065550142' })
  @Transform(normalizePhone) @IsString()
  @Matches(E164, { message: 'customerPhone must be an international phone number such as +12065550142' })
  customerPhone: string;

  @ApiPropertyOptional({ enum: ['web', 'mobile'], default: 'web', description: 'Voice orders come through the Vapi webhook' })
  @IsOptional() @IsIn(['web', 'mobile'])
  channel?: 'web' | 'mobile';

  @ApiProperty({ enum: FULFILLMENTS, example: 'delivery' })
  @IsIn(FULFILLMENTS)
  fulfillment: Fulfillment;

  @ApiPropertyOptional({ maxLength: 300, description: 'Required for delivery', example: '221 Pine St, Seattle, WA 98101' })
  @ValidateIf((o: CreateOrderDto) => o.fulfillment === 'delivery' || o.deliveryAddress !== undefined)
  @Transform(trim) @IsString() @IsNotEmpty({ message: 'deliveryAddress is required for delivery orders' }) @MaxLength(300)
  deliveryAddress?: string;

  @ApiProperty({ enum: PAYMENT_METHODS, example: 'card' })
  @IsIn(PAYMENT_METHODS)
  paymentMethod: PaymentMethod;

  @ApiProperty({ type: [OrderLineDto], minItems: 1, maxItems: MAX_LINES })
  @IsArray() @ArrayMinSize(1, { message: 'items must contain at least one dish' }) @ArrayMaxSize(MAX_LINES)
  @ValidateNested({ each: true }) @Type(() => OrderLineDto)
  items: OrderLineDto[];

  @ApiPropertyOptional({ maxLength: 500, example: 'Ring the bell twice' })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(500)
  notes?: string;
}
