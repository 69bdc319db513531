import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock } from '@/common/clock.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import { schedulingConfig } from '@/config/scheduling.config.js';
import { ApiErrors, databaseUnavailable, rateLimited, validationFailed } from '@/openapi/api-errors.js';
import { SlotQueryDto, SlotsDto } from './dto/slots.dto.js';
import { OrderingStateService } from './ordering-state.service.js';
import { SchedulingService } from './scheduling.service.js';

@ApiTags('orders')
@Controller('api/slots')
export class SlotsController {
  constructor(
    private readonly scheduling: SchedulingService,
    private readonly state: OrderingStateService,
    private readonly clock: Clock,
    @Inject(schedulingConfig.KEY) private readonly cfg: ConfigType<typeof schedulingConfig>,
    @Inject(restaurantConfig.KEY) private readonly restaurant: ConfigType<typeof restaurantConfig>,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listSlots',
    summary: 'The times still open for an order ahead on a day (send one as requestedTime)',
    security: [],
  })
  @ApiOkResponse({
    description: 'The open slots of the day, with their room',
    type: SlotsDto,
    example: {
      date: '2026-12-04',
      fulfillment: 'pickup',
      slotMinutes: 15,
      timezone: 'America/Los_Angeles',
      paused: false,
      resumesAt: null,
      slots: [
        { start: '2026-12-04T19:15:00.000-08:00', time: '19:15', capacity: 8, remaining: 3 },
        { start: '2026-12-04T19:30:00.000-08:00', time: '19:30', capacity: 8, remaining: 8 },
      ],
    },
  })
  @ApiErrors(
    validationFailed('date must be a day as YYYY-MM-DD', 'fulfillment must be one of the following values: pickup, delivery'),
    rateLimited,
    databaseUnavailable,
  )
  async list(@Query() query: SlotQueryDto): Promise<SlotsDto> {
    const now = this.clock.now();
    const [slots, state] = await Promise.all([this.scheduling.openSlots(query.date, query.fulfillment, now), this.state.current()]);
    return {
      date: query.date,
      fulfillment: query.fulfillment,
      slotMinutes: this.cfg.slotMinutes,
      timezone: this.restaurant.timezone,
      paused: state.paused,
      resumesAt: state.resumesAt ? this.scheduling.slots.iso(new Date(state.resumesAt)) : null,
      slots,
    };
  }
}
