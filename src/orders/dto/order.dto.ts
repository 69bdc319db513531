import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS, FULFILLMENTS, ORDER_STATUSES, PAYMENT_METHODS, PAYMENT_STATUSES, REFUND_STATUSES } from '../order-status.js';
import type { Channel, Fulfillment, OrderStatus, PaymentMethod, PaymentStatus, RefundStatus } from '../order-status.js';

export class ChosenOptionDto {
  @ApiProperty({ format: 'uuid', description: 'The option as it was on the menu (it may since have been edited or removed)' })
  optionId: string;
  @ApiProperty({ example: 'Size', description: 'Its group, as named when ordered' }) group: string;
  @ApiProperty({ example: 'Large', description: 'As named when ordered' }) name: string;
  @ApiProperty({ type: 'integer', example: 500, description: 'Its price change when ordered, in minor units' }) priceDeltaCents: number;
}

export class OrderLineViewDto {
  @ApiProperty({ format: 'uuid' }) menuItemId: string;
  @ApiProperty({ example: 'Margherita Pizza' }) name: string;
  @ApiProperty({ type: 'integer', example: 1950, description: 'The dish plus its options, as ordered' }) unitPriceCents: number;
  @ApiProperty({ type: [ChosenOptionDto], description: 'The options chosen (defaults included), group by group in menu order' })
  options: ChosenOptionDto[];
  @ApiProperty({ type: 'integer', example: 2 }) quantity: number;
  @ApiProperty({ type: 'integer', example: 3900 }) lineTotalCents: number;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Extra basil' }) notes: string | null;
}

export class DeliveryViewDto {
  @ApiProperty({ example: '221 Pine St, Seattle, WA 98101' }) address: string;
  @ApiPropertyOptional({ nullable: true, type: String }) formattedAddress: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, example: 47.6114 }) lat: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, example: -122.3381 }) lng: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, example: 1830 }) distanceMeters: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Downtown' }) zone: string | null;
}

export class PaymentViewDto {
  @ApiProperty({ example: 'stripe', description: '"none" for cash' }) provider: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'pi_3N...' }) reference?: string | null;
  @ApiPropertyOptional({ description: 'Stripe PaymentIntent client secret (card, web and mobile), only in the create response' })
  clientSecret?: string;
  @ApiPropertyOptional({ description: 'Hosted checkout link (card, voice orders)' }) checkoutUrl?: string;
}

export class RefundViewDto {
  @ApiProperty({
    enum: REFUND_STATUSES,
    description:
      'pending: about to be asked for; requested: the payment provider took it and confirms later (paymentStatus then ' +
      'becomes refunded); retrying: an attempt failed, retried at nextAttemptAt; failed: given up, staff must refund by hand ' +
      'or retry; succeeded: the money is back',
  })
  status: RefundStatus;
  @ApiProperty({ description: 'true when the refund failed for good and a person must act (status failed)' }) needsAttention: boolean;
  @ApiProperty({ example: 2, description: 'Requests made to the payment provider so far (one in flight included)' }) attempts: number;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'Stripe did not answer: Request aborted due to timeout being reached (10000ms)',
    description: 'Why the last request failed',
  })
  lastError: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: 'When it is asked for next (pending, retrying)' })
  nextAttemptAt: string | null;
}

export class HistoryEntryDto {
  @ApiProperty({
    enum: ['status', 'payment', 'refund', 'message'],
    description: "message: a text to the customer, from 'text' to sent, failed or skipped (the note says which text and why)",
  })
  kind: 'status' | 'payment' | 'refund' | 'message';
  @ApiPropertyOptional({ nullable: true, type: String, example: 'received' }) from: string | null;
  @ApiProperty({ example: 'confirmed' }) to: string;
  @ApiProperty({ example: 'admin' }) actor: string;
  @ApiPropertyOptional({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) at: string;
}

export class OrderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'A-1042', description: 'Short number a person can say' }) orderNumber: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty({ enum: PAYMENT_STATUSES }) paymentStatus: PaymentStatus;
  @ApiProperty({ enum: PAYMENT_METHODS }) paymentMethod: PaymentMethod;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ enum: FULFILLMENTS }) fulfillment: Fulfillment;
  @ApiProperty({ example: 'Grace Hopper' }) customerName: string;
  @ApiProperty({ example: '+12065550142' }) customerPhone: string;
  @ApiPropertyOptional({ type: DeliveryViewDto, nullable: true }) delivery: DeliveryViewDto | null;
  @ApiProperty({ type: [OrderLineViewDto] }) items: OrderLineViewDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ type: 'integer', example: 2900 }) subtotalCents: number;
  @ApiProperty({ type: 'integer', example: 299 }) deliveryFeeCents: number;
  @ApiProperty({ type: 'integer', example: 261 }) taxCents: number;
  @ApiProperty({ type: 'integer', example: 3460 }) totalCents: number;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({
    type: 'integer',
    example: 0,
    description: 'Given back to the card so far, in minor units (staff refunds in part or in full; the total once refunded)',
  })
  refundedCents: number;
  @ApiProperty({ type: PaymentViewDto }) payment: PaymentViewDto;
  @ApiPropertyOptional({
    type: RefundViewDto,
    nullable: true,
    description: 'The refund owed because the order was cancelled after paying by card; null when none is owed',
  })
  refund: RefundViewDto | null;
  @ApiPropertyOptional({ nullable: true, type: String }) voiceCallId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    example: null,
    description: "The time the customer asked for (order ahead), with the restaurant's offset; null: as soon as possible",
  })
  requestedTime: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    example: '2026-11-25T19:40:00.000-08:00',
    description:
      'When the order is promised: ready for pickup, or at the door for a delivery; in restaurant time (its offset). ' +
      'Null only for orders placed before promised times existed',
  })
  promisedAt: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    example: '2026-11-25T19:12:00.000-08:00',
    description: 'When the kitchen should start it (a scheduled order waits until then); restaurant time',
  })
  prepStartAt: string | null;
  @ApiProperty({
    example: '2026-11-25',
    description: 'Business day in the restaurant time zone: the day it was placed, or the day a scheduled order is promised for',
  })
  businessDate: string;
  @ApiProperty({ enum: ORDER_STATUSES, isArray: true, description: 'Statuses this order may move to next' })
  nextStatuses: OrderStatus[];
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2028-11-26T11:00:00.000Z',
    description:
      'Present once the personal data is gone (retention, or an erasure on request): name and phone are empty, the ' +
      'address, its coordinates and every note null; amounts, items, zone, fee and distance stay. Shown as "Anonymized"',
  })
  anonymizedAt?: string;
  @ApiPropertyOptional({
    type: [HistoryEntryDto],
    description: 'Oldest first. The first entry is the creation (from null to received, actor the channel, at createdAt)',
  })
  history?: HistoryEntryDto[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class OrderPageDto {
  @ApiProperty({ type: [OrderDto] }) items: OrderDto[];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as cursor for the next (older) page' })
  nextCursor: string | null;
}

export class QuoteDto {
  @ApiProperty({ type: [OrderLineViewDto] }) items: OrderLineViewDto[];
  @ApiProperty({ enum: FULFILLMENTS }) fulfillment: Fulfillment;
  @ApiPropertyOptional({ type: DeliveryViewDto, nullable: true }) delivery: DeliveryViewDto | null;
  @ApiProperty({ type: 'integer', example: 2900 }) subtotalCents: number;
  @ApiProperty({ type: 'integer', example: 299 }) deliveryFeeCents: number;
  @ApiProperty({ type: 'integer', example: 261 }) taxCents: number;
  @ApiProperty({ type: 'integer', example: 3460 }) totalCents: number;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    example: null,
    description: 'The time asked for (order ahead); null: as soon as possible',
  })
  requestedTime: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-11-25T19:40:00.000-08:00',
    description: 'When it would be ready (pickup) or at the door (delivery) if placed now, in restaurant time',
  })
  promisedAt: string;
}
