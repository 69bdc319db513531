import { BadRequestException, Injectable } from '@nestjs/common';
import { Clock } from '@/common/clock.js';
import { OrderingState, OrderingStateService } from '@/scheduling/ordering-state.service.js';
import type { OrderingChangeDto } from './dto/dashboard.dto.js';

/**
 * The header's pause and busy control: reads the shared state and applies a change staff made, after the checks
 * that need more than one field or the clock (the DTO checks each field alone).
 */
@Injectable()
export class DashboardOrdering {
  constructor(
    private readonly ordering: OrderingStateService,
    private readonly clock: Clock,
  ) {}

  current(): Promise<OrderingState> {
    return this.ordering.current();
  }

  change(dto: OrderingChangeDto, user: string): Promise<OrderingState> {
    const problems = this.problems(dto);
    if (problems.length > 0) throw new BadRequestException(problems);
    return this.ordering.set(
      {
        paused: dto.paused,
        resumesAt: dto.resumesAt === undefined ? undefined : dto.resumesAt === null ? null : new Date(dto.resumesAt),
        busyMinutes: dto.busyMinutes,
        busyUntil: dto.busyUntil === undefined ? undefined : dto.busyUntil === null ? null : new Date(dto.busyUntil),
      },
      `dashboard:${user}`,
    );
  }

  private problems(dto: OrderingChangeDto): string[] {
    const problems: string[] = [];
    if (dto.paused === undefined && dto.resumesAt === undefined && dto.busyMinutes === undefined && dto.busyUntil === undefined) {
      problems.push('send at least one of paused, resumesAt, busyMinutes, busyUntil');
    }
    // A time that could not apply would be stored and then read as nothing: say so instead.
    if (dto.resumesAt && dto.paused !== true) problems.push('resumesAt is sent with paused: true');
    if (dto.busyUntil && !dto.busyMinutes) problems.push('busyUntil is sent with busyMinutes above 0');
    const now = this.clock.nowMs();
    if (dto.resumesAt && Date.parse(dto.resumesAt) <= now) problems.push('resumesAt must be in the future');
    if (dto.busyUntil && Date.parse(dto.busyUntil) <= now) problems.push('busyUntil must be in the future');
    return problems;
  }
}
