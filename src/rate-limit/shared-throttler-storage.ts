import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import Redis from 'ioredis';
import type { ExportConfig } from '@/config/export.config';
import { redisOptionsFromUrl } from '@/export/redis-connection';

/** A rate-limit check that waits longer than this for Redis counts locally instead. */
const REDIS_COMMAND_TIMEOUT_MS = 500;
/** While Redis stays down, the outage is logged again at most this often. */
const OUTAGE_LOG_INTERVAL_MS = 60_000;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Rate-limit counters shared by every API replica when REDIS_URL is set (one fixed window per client and
 * route in Redis, updated by one atomic script), so N replicas enforce THROTTLE_LIMIT once, not N times.
 * Without Redis (development, one process) the counters live in memory.
 *
 * Fails open: if Redis is down or slow, the request is counted in this process's memory instead (per-replica
 * limits, logged), so an outage of the rate limiter never turns an order into an error.
 */
@Injectable()
export class SharedThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly local = new ThrottlerStorageService();
  private readonly redis: Redis | null = null;
  private readonly shared: ThrottlerStorageRedisService | null = null;
  private outageLoggedAt = 0;
  private degraded = false;

  constructor(config: ConfigService) {
    const { redisUrl, redisPrefix } = config.getOrThrow<ExportConfig>('export');
    if (!redisUrl) return;
    this.redis = new Redis({
      ...redisOptionsFromUrl(redisUrl),
      keyPrefix: `${redisPrefix}:throttle:`,
      // Never queue a rate-limit check behind a reconnect: fail at once and count locally.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    });
    this.redis.on('error', (err: Error) => this.noteOutage(err));
    this.shared = new ThrottlerStorageRedisService(this.redis);
  }

  /** `redis` when the counters are shared across replicas, `memory` when they are per process. */
  get mode(): 'redis' | 'memory' {
    return this.shared ? 'redis' : 'memory';
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    if (!this.shared) return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    try {
      const record = await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
      if (this.degraded) {
        this.degraded = false;
        this.logger.log('Redis answers again: rate limits are shared across replicas again');
      }
      return record;
    } catch (err) {
      this.noteOutage(err as Error);
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.local.onApplicationShutdown();
    if (!this.redis) return;
    await this.redis.quit().catch(() => this.redis!.disconnect());
  }

  private noteOutage(err: Error): void {
    const now = Date.now();
    if (this.degraded && now - this.outageLoggedAt < OUTAGE_LOG_INTERVAL_MS) return;
    this.degraded = true;
    this.outageLoggedAt = now;
    this.logger.warn(`Redis is unreachable for rate limits (${err.message}); limiting per replica in memory until it is back`);
  }
}
