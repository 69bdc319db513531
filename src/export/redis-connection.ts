import type { RedisOptions } from 'ioredis';

/** ioredis options (a retry strategy that always retries, as BullMQ's own options type wants) from a URL. */
export type RedisUrlOptions = RedisOptions & { retryStrategy: (times: number) => number };

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

/** Redis calls outside the consumer's own loop fail instead of hanging while Redis is unreachable. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
