import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CHANNELS, type Channel } from '@/orders/order-status.js';
import { MAX_REPORT_DAYS, REPORT_PRESETS, type ReportPreset } from '../report-period.js';

/** The period is checked by `resolveReportPeriod` (its own codes, INVALID_PERIOD and PERIOD_TOO_LONG), not field by field. */
export class ReportQueryDto {
  @ApiPropertyOptional({
    enum: REPORT_PRESETS,
    description: "A named period in the restaurant's time zone (weeks start on Monday). Without period, from and to: today.",
    example: 'last-7-days',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  period?: string;

  @ApiPropertyOptional({ description: 'First business day, YYYY-MM-DD (alone: that one day)', example: '2026-11-01' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  from?: string;

  @ApiPropertyOptional({
    description: `Last business day, YYYY-MM-DD, included (alone: that one day). At most ${MAX_REPORT_DAYS} days from from.`,
    example: '2026-11-30',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  to?: string;
}

export class ReportPeriodDto {
  @ApiProperty({ format: 'date', example: '2026-11-28' })
  from: string;

  @ApiProperty({ format: 'date', example: '2026-12-04' })
  to: string;

  @ApiProperty({ type: 'integer', example: 7 })
  days: number;

  @ApiProperty({ enum: REPORT_PRESETS, nullable: true, example: 'last-7-days', description: 'The named period asked for, if any' })
  preset: ReportPreset | null;

  @ApiProperty({ example: 'Last 7 days, Nov 28 – Dec 4, 2026' })
  label: string;

  @ApiProperty({ example: 'America/Los_Angeles' })
  timezone: string;

  @ApiProperty({ enum: ['hour', 'day'], example: 'day', description: '`series` is per hour for one day, per day for longer' })
  granularity: 'hour' | 'day';
}

export class ReportTotalsDto {
  @ApiProperty({ type: 'integer', description: 'Orders not cancelled', example: 212 })
  orders: number;

  @ApiProperty({
    type: 'integer',
    description: 'What those orders came to (food, delivery fees and tax), in minor units',
    example: 635_480,
  })
  grossCents: number;

  @ApiProperty({ type: 'integer', example: 552_300 })
  subtotalCents: number;

  @ApiProperty({ type: 'integer', example: 48_350 })
  taxCents: number;

  @ApiProperty({ type: 'integer', example: 34_830 })
  deliveryFeeCents: number;

  @ApiProperty({
    type: 'integer',
    description: 'Given back by refunds on orders not cancelled (a cancelled order counts as cancelled)',
    example: 2_450,
  })
  refundsCents: number;

  @ApiProperty({ type: 'integer', description: 'grossCents - refundsCents', example: 633_030 })
  netCents: number;

  @ApiProperty({ type: 'integer', description: 'grossCents / orders, rounded (0 without orders)', example: 2_998 })
  averageTicketCents: number;

  @ApiProperty({ type: 'integer', example: 6 })
  cancelledOrders: number;

  @ApiProperty({ type: 'integer', description: 'What the cancelled orders had come to', example: 15_120 })
  cancelledCents: number;
}

export class ChannelTotalsDto extends ReportTotalsDto {
  @ApiProperty({ enum: CHANNELS, example: 'voice' })
  channel: Channel;

  @ApiProperty({ example: 'Phone' })
  label: string;
}

export class FulfillmentTotalsDto extends ReportTotalsDto {
  @ApiProperty({ enum: ['pickup', 'delivery'], example: 'delivery' })
  fulfillment: 'pickup' | 'delivery';

  @ApiProperty({ example: 'Delivery' })
  label: string;
}

export class ReportCallsDto {
  @ApiProperty({ type: 'integer', description: 'Calls to the voice assistant that began in the period', example: 96 })
  calls: number;

  @ApiProperty({ type: 'integer', description: 'Calls in which an order was placed', example: 71 })
  withOrder: number;

  @ApiProperty({ type: 'integer', description: 'Calls put through to the restaurant', example: 4 })
  transferred: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'withOrder / calls as a whole percent (null without calls)', example: 74 })
  orderPercent: number | null;
}

export class ReportBucketDto {
  @ApiProperty({
    description: "The hour's first instant (ISO, restaurant offset) or the business day (YYYY-MM-DD)",
    example: '2026-12-04',
  })
  start: string;

  @ApiProperty({ description: 'As the chart labels it', example: 'Fri Dec 4' })
  label: string;

  @ApiProperty({ type: 'integer', example: 31 })
  orders: number;

  @ApiProperty({ type: 'integer', example: 92_810 })
  grossCents: number;
}

export class TopDishDto {
  @ApiProperty({ example: 'Margherita Pizza' })
  name: string;

  @ApiProperty({ type: 'integer', description: 'Portions', example: 84 })
  quantity: number;

  @ApiProperty({ type: 'integer', description: 'Their line totals (options included)', example: 117_600 })
  grossCents: number;
}

export class TopOptionDto extends TopDishDto {
  @ApiProperty({ example: 'Toppings' })
  group: string;
}

export class ReportDto {
  @ApiProperty({ type: ReportPeriodDto })
  period: ReportPeriodDto;

  @ApiProperty({ example: 'USD' })
  currency: string;

  @ApiProperty({ type: ReportTotalsDto })
  totals: ReportTotalsDto;

  @ApiProperty({ type: [ChannelTotalsDto], description: 'Phone, web and app, each always present' })
  byChannel: ChannelTotalsDto[];

  @ApiProperty({ type: [FulfillmentTotalsDto], description: 'Pickup and delivery, each always present' })
  byFulfillment: FulfillmentTotalsDto[];

  @ApiProperty({ type: ReportCallsDto })
  calls: ReportCallsDto;

  @ApiProperty({
    type: [ReportBucketDto],
    description:
      'Orders and sales per hour (one day: every hour of the day, 23 or 25 on a day the clocks change) or per business day. ' +
      'An order counts at the time it was asked for (a pre-order) or else placed.',
  })
  series: ReportBucketDto[];

  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'integer' } },
    description: "Orders per weekday (Monday first) and hour of the restaurant's clock (0-23): 7 rows of 24",
    example: [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 6, 3, 1, 0, 0, 4, 9, 7, 2, 0, 0, 0]],
  })
  busiestHours: number[][];

  @ApiProperty({ type: [TopDishDto], description: 'The ten most ordered dishes' })
  topDishes: TopDishDto[];

  @ApiProperty({ type: [TopOptionDto], description: 'The ten most chosen options' })
  topOptions: TopOptionDto[];

  @ApiProperty({ description: 'When the figures were read', example: '2026-12-04T21:15:03.120Z' })
  generatedAt: string;
}
