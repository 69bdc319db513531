import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsBusinessDay } from '@/common/business-date.js';
import { FULFILLMENTS } from '@/orders/order-status.js';
import type { Fulfillment } from '@/orders/order-status.js';

export class SlotQueryDto {
  @ApiProperty({
    example: '2026-12-04',
    description:
      'A service day in restaurant time (YYYY-MM-DD): the slots of the opening hours that start that day, including ' +
      'those past midnight when the hours run on (Fri 18:00-02:00 gives Friday its slots until 01:45)',
  })
  @IsBusinessDay({ message: 'date must be a day as YYYY-MM-DD' })
  date: string;

  @ApiProperty({ enum: FULFILLMENTS, example: 'pickup', description: 'Pickup and delivery slots have their own capacity' })
  @IsIn(FULFILLMENTS)
  fulfillment: Fulfillment;
}

export class SlotViewDto {
  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-12-04T19:15:00.000-08:00',
    description: "The slot start, with the restaurant's offset: send it as `requestedTime`",
  })
  start: string;

  @ApiProperty({ example: '19:15', description: "The start on the restaurant's clock" })
  time: string;

  @ApiProperty({ type: 'integer', example: 8, description: 'Orders the slot takes' })
  capacity: number;

  @ApiProperty({ type: 'integer', example: 3, description: 'Places still free (always at least 1 here)' })
  remaining: number;
}

export class SlotsDto {
  @ApiProperty({ example: '2026-12-04' }) date: string;
  @ApiProperty({ enum: FULFILLMENTS }) fulfillment: Fulfillment;
  @ApiProperty({ type: 'integer', example: 15, description: 'Slot length (SLOT_MINUTES)' }) slotMinutes: number;
  @ApiProperty({ example: 'America/Los_Angeles', description: "The restaurant's time zone" }) timezone: string;
  @ApiProperty({ description: 'Staff paused new orders: no slot can be booked until `resumesAt`' }) paused: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    example: null,
    description: 'When a pause lifts by itself (null: not paused, or until staff lift it)',
  })
  resumesAt: string | null;
  @ApiProperty({
    type: [SlotViewDto],
    description:
      'The slots still open, in time order: at least LEAD_TIME_MINUTES from now, inside opening hours, with room. Empty for ' +
      'a day past ORDER_AHEAD_DAYS or in the past',
  })
  slots: SlotViewDto[];
}
