import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { RedisConnection, withTimeout } from '@/redis/redis-connection.js';

/**
 * `redis` in /health when REDIS_URL is set (the export queue and the shared rate limits live there): up when a
 * PING answers within 2 s. Its own connection, opened at the first check, so that a check neither waits behind
 * nor disturbs the queue's commands.
 */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private client: Redis | null = null;

  constructor(private readonly redis: RedisConnection) {}

  async check(): Promise<HealthIndicatorResult> {
    if (!this.redis.configured) return {};
    try {
      await withTimeout(this.connection().ping(), 2000);
      return { redis: { status: 'up' } };
    } catch (err) {
      return { redis: { status: 'down', message: err instanceof Error ? err.message : String(err) } };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.quit().catch(() => this.client?.disconnect());
  }

  private connection(): Redis {
    if (this.client) return this.client;
    // One retry, then the check reports down; the client keeps reconnecting for the next check.
    this.client = this.redis.createClient({ maxRetriesPerRequest: 1 });
    this.client.on('error', () => undefined); // the outage is what the check reports
    return this.client;
  }
}
