import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { HealthContributors } from '@/health/health-contributors.js';
import { ExportScheduler } from './export-scheduler.js';

/** Adds `redis` to /health when the export queue runs on Redis. */
@Injectable()
export class ExportHealth implements OnModuleInit {
  constructor(
    private readonly scheduler: ExportScheduler,
    @Optional() private readonly contributors?: HealthContributors,
  ) {}

  onModuleInit(): void {
    this.contributors?.register(async (): Promise<HealthIndicatorResult> => {
      const result = await this.scheduler.ping();
      if (result === null) return {};
      return { redis: result.up ? { status: 'up' } : { status: 'down', message: result.message ?? 'unreachable' } };
    });
  }
}
