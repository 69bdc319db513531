import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { exportConfig } from '@/config/export.config.js';
import { withTimeout } from '@/redis/redis-connection.js';
import { EXPORT_QUEUE, ExportDayJobData } from './export.constants.js';
import { PacingRule, restAfterWrite } from './export-pacing.js';

/**
 * Each day's rest after its last write, shared by every worker: one Redis key per day whose time to live is
 * what is left of the rest. Whichever worker wrote the day last, the next job of that day sees the same rest,
 * and no two machines' clocks are compared. Pacing only saves work, so when Redis cannot answer here the day
 * is written without a rest rather than not at all.
 */
@Injectable()
export class DayRests {
  private readonly logger = new Logger('ExportPacing');
  private readonly rule: PacingRule;

  constructor(
    @InjectQueue(EXPORT_QUEUE) private readonly queue: Queue<ExportDayJobData>,
    @Inject(exportConfig.KEY) config: ConfigType<typeof exportConfig>,
  ) {
    this.rule = config.pacing;
  }

  /** Milliseconds until `day` may be written again; 0 when it may be written now. */
  async remainingMs(day: string): Promise<number> {
    try {
      const redis = await this.redis();
      return Math.max(0, await withTimeout(redis.pttl(this.key(day)), 2000));
    } catch (err) {
      this.logger.warn(`Could not read the rest of ${day}, writing it now: ${err instanceof Error ? err.message : String(err)}`);
      return 0;
    }
  }

  /** `day` was just written in `writeMs`: starts its rest and returns how long it is. */
  async startRest(day: string, writeMs: number): Promise<number> {
    const rest = restAfterWrite(writeMs, this.rule);
    try {
      const redis = await this.redis();
      await withTimeout(redis.set(this.key(day), String(writeMs), 'PX', rest), 2000);
    } catch (err) {
      this.logger.warn(`Could not record the rest of ${day}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return rest;
  }

  /** The queue's own connection (ioredis, from REDIS_URL): it fails fast while Redis is unreachable. */
  private async redis(): Promise<Redis> {
    return (await withTimeout(this.queue.getBackend().client, 2000)) as unknown as Redis;
  }

  private key(day: string): string {
    return this.queue.toKey(`rest:${day}`);
  }
}
