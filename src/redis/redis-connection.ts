import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Redis, RedisOptions } from 'ioredis';
import { redisConfig } from '@/config/redis.config.js';

/** ioredis options (a retry strategy that always retries, as BullMQ's own options type wants) from a URL. */
export type RedisUrlOptions = RedisOptions & { retryStrategy: (times: number) => number };

/** What a user of the connection sets for itself: how it behaves while Redis is away. */
export type RedisClientOptions = Omit<RedisOptions, 'retryStrategy'>;

/** ioredis options from a redis:// or rediss:// URL (BullMQ takes options, not a URL). */
export function redisOptionsFromUrl(url: string): RedisUrlOptions {
  const u = new URL(url);
  const db = u.pathname.replace(/^\//, '');
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    ...(u.username && { username: decodeURIComponent(u.username) }),
    ...(u.password && { password: decodeURIComponent(u.password) }),
    ...(db && { db: Number(db) }),
    ...(u.protocol === 'rediss:' && { tls: {} }),
    connectTimeout: 5000,
    // Back off to at most 2 s between reconnects: Redis coming back is noticed within seconds.
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
  };
}

/** Redis calls outside a consumer's own loop fail instead of hanging while Redis is unreachable. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * The deployment's Redis (REDIS_URL, section `redis`), shared by the export queue and the rate limiter. Each user
 * gets its own connection with the outage behaviour it needs (a producer fails fast, a consumer waits), so this
 * hands out options and clients rather than one client. Not configured (development without Redis): every user
 * has its in-process fallback.
 */
@Injectable()
export class RedisConnection {
  constructor(@Inject(redisConfig.KEY) private readonly config: ConfigType<typeof redisConfig>) {}

  get configured(): boolean {
    return this.config.url !== null;
  }

  /** Prefix of every key this deployment writes (BullMQ's `prefix`, `${prefix}:throttle:*`). */
  get prefix(): string {
    return this.config.prefix;
  }

  /** Connection options for REDIS_URL with the caller's own outage behaviour on top. */
  options(own: RedisClientOptions = {}): RedisUrlOptions {
    if (!this.config.url) throw new Error('REDIS_URL is not set');
    return { ...redisOptionsFromUrl(this.config.url), ...own };
  }

  /** A connection of the caller's own, which the caller closes. */
  createClient(own: RedisClientOptions = {}): Redis {
    return new Redis(this.options(own));
  }
}
