import { Module } from '@nestjs/common';
import { ClusterEventsModule } from '@/cluster-events/cluster-events.module.js';
import { OrderingStateRepository } from './ordering-state.repository.js';
import { OrderingStateService } from './ordering-state.service.js';
import { SchedulingService } from './scheduling.service.js';
import { SlotBook } from './slot-book.repository.js';
import { SlotsController } from './slots.controller.js';

/** Promised times, slots and their capacity, and the staff's pause and busy switch (README "Order ahead and capacity"). */
@Module({
  imports: [ClusterEventsModule],
  controllers: [SlotsController],
  providers: [SchedulingService, OrderingStateService, OrderingStateRepository, SlotBook],
  exports: [SchedulingService, OrderingStateService],
})
export class SchedulingModule {}
