import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Redis } from 'ioredis';
import request from 'supertest';
import type { ThrottlerStorageRecord } from '@/rate-limit/window-counters.js';
import type { appConfig } from '@/config/app.config.js';
import { SharedThrottlerStorage } from '@/rate-limit/shared-throttler-storage.js';
import { RedisConnection } from '@/redis/redis-connection.js';
import { createDatabase, dropDatabase, dropRedisPrefix, redisTestUrl } from './support/databases.js';
import { waitFor } from './support/export-helpers.js';
import { fetchMenu, orderBody } from './support/orders.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { createTestApp, TestApp } from './support/test-app.js';

jest.setTimeout(120_000);

const LIMIT = 6;
const HOUR = 3_600_000;

/** The storage alone, as RateLimitModule builds it, on its own key prefix. */
function storageOn(redisUrl: string | null, redisPrefix: string, throttleSyncMs = 10_000): SharedThrottlerStorage {
  return new SharedThrottlerStorage(new RedisConnection({ url: redisUrl, prefix: redisPrefix }), {
    throttleSyncMs,
  } as ConfigType<typeof appConfig>);
}

/**
 * One hit, which must be answered from memory: the answer comes before anything could have come back from Redis
 * (a setImmediate runs after I/O callbacks), or the test fails.
 */
async function hit(storage: SharedThrottlerStorage, key: string, limit: number): Promise<ThrottlerStorageRecord> {
  const waited = Symbol('waited');
  const answer = await Promise.race([
    storage.increment(key, HOUR, limit, HOUR, 'default'),
    new Promise<typeof waited>((resolve) => setImmediate(() => resolve(waited))),
  ]);
  if (answer === waited) throw new Error('increment waited for I/O');
  return answer;
}

/** The shared hits of `key`'s current window, straight from Redis. */
async function sharedHits(prefix: string, key: string): Promise<number> {
  const redis = new Redis(redisTestUrl());
  try {
    const [hitsKey] = (await redis.keys(`${prefix}:throttle:default:${key}:*`)).filter((k) => !k.endsWith(':blocked'));
    return hitsKey ? Number(await redis.get(hitsKey)) : 0;
  } finally {
    redis.disconnect();
  }
}

describe('SharedThrottlerStorage on a real Redis', () => {
  const prefix = `ros-test-${randomBytes(4).toString('hex')}`;
  const target = new URL(redisTestUrl());
  const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
  const storages: SharedThrottlerStorage[] = [];
  const make = (redisUrl: string | null, syncMs?: number) => {
    const s = storageOn(redisUrl, prefix, syncMs);
    storages.push(s);
    return s;
  };

  beforeAll(() => proxy.up());

  afterAll(async () => {
    await Promise.all(storages.map((s) => s.onApplicationShutdown()));
    await proxy.down();
    await dropRedisPrefix(prefix);
  });

  afterEach(() => jest.restoreAllMocks());

  it('is exact on its own: the limit passes, then 429, and Redis holds the same count', async () => {
    const only = make(redisTestUrl());
    await waitFor('Redis connected', () => only.sync());
    const allowed: boolean[] = [];
    for (let i = 0; i < 10; i++) {
      allowed.push(!(await hit(only, 'alone', 5)).isBlocked);
      await only.sync();
    }
    expect(allowed).toEqual([true, true, true, true, true, false, false, false, false, false]);
    expect(await sharedHits(prefix, 'alone')).toBe(5);
  });

  it.each([1, 3])(
    'two storages share one limit, overshooting by at most (replicas - 1) x k with k = %i hits per replica between syncs',
    async (k) => {
      const limit = 20;
      const a = make(redisTestUrl());
      const b = make(redisTestUrl());
      await waitFor('Redis connected', async () => (await a.sync()) && b.sync());
      const key = `pair-${k}`;
      let allowed = 0;
      for (let round = 0; round < limit; round++) {
        for (const replica of [a, b]) {
          for (let i = 0; i < k; i++) if (!(await hit(replica, key, limit)).isBlocked) allowed++;
        }
        await Promise.all([a.sync(), b.sync()]);
      }
      expect(allowed).toBeGreaterThanOrEqual(limit);
      expect(allowed).toBeLessThanOrEqual(limit + (2 - 1) * k);
      // Per-replica limiting would have let 2 x limit through; both replicas now refuse.
      expect((await hit(a, key, limit)).isBlocked).toBe(true);
      expect((await hit(b, key, limit)).isBlocked).toBe(true);
      expect(await sharedHits(prefix, key)).toBe(allowed);
    },
  );

  it('keeps limiting in memory while Redis is down (logged once, nothing waits) and shares what it counted once Redis is back', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const log = jest.spyOn(Logger.prototype, 'log');
    const cut = make(proxy.url());
    const direct = make(redisTestUrl());
    await waitFor('Redis connected', async () => (await cut.sync()) && direct.sync());

    await proxy.down();
    await waitFor('the outage noticed', async () => !(await cut.sync()));
    const during: boolean[] = [];
    for (let i = 0; i < 7; i++) during.push(!(await hit(cut, 'outage', 5)).isBlocked);
    expect(during).toEqual([true, true, true, true, true, false, false]);
    // ioredis reports every failed reconnect; the outage is logged once.
    await new Promise<void>((resolve) => {
      let failures = 0;
      (cut as unknown as { redis: Redis }).redis.on('error', () => ++failures === 2 && resolve());
    });
    expect(warn.mock.calls.filter(([m]) => String(m).includes('Redis is unreachable for rate limits'))).toHaveLength(1);

    await proxy.up();
    await waitFor('rate limits shared again', () => cut.sync());
    expect(log.mock.calls.filter(([m]) => String(m).includes('Redis answers again'))).toHaveLength(1);
    // The five hits counted during the outage, and the block, reached Redis: the other replica refuses this
    // client from its first sync on.
    expect(await sharedHits(prefix, 'outage')).toBe(5);
    expect((await hit(direct, 'outage', 5)).isBlocked).toBe(false);
    await direct.sync();
    expect((await hit(direct, 'outage', 5)).isBlocked).toBe(true);
  });

  it('syncs on a timer that never keeps the process alive, sends its last hits on shutdown, then stays in memory', async () => {
    const s = storageOn(redisTestUrl(), prefix, 10_000);
    await waitFor('Redis connected', () => s.sync());
    await hit(s, 'shutdown', 100);
    const timer = (s as unknown as { syncTimer?: NodeJS.Timeout }).syncTimer;
    expect(timer?.hasRef()).toBe(false);
    await s.onApplicationShutdown();
    expect((s as unknown as { syncTimer?: NodeJS.Timeout }).syncTimer).toBeUndefined();
    expect(await sharedHits(prefix, 'shutdown')).toBe(1);
    expect((await hit(s, 'shutdown', 100)).totalHits).toBe(2);
    expect((s as unknown as { syncTimer?: NodeJS.Timeout }).syncTimer).toBeUndefined();
  });

  it('without REDIS_URL counts in memory only, with no timer at all', async () => {
    const s = make(null);
    expect(s.mode).toBe('memory');
    const allowed: boolean[] = [];
    for (let i = 0; i < 4; i++) allowed.push(!(await hit(s, 'memory', 3)).isBlocked);
    expect(allowed).toEqual([true, true, true, false]);
    expect((s as unknown as { syncTimer?: NodeJS.Timeout }).syncTimer).toBeUndefined();
    expect(await s.sync()).toBe(false);
  });
});

/** Two API replicas on one PostgreSQL and one Redis: THROTTLE_LIMIT is enforced once for both, not per replica. */
describe('rate limits shared across replicas (Redis)', () => {
  const prefix = `ros-test-${randomBytes(4).toString('hex')}`;
  const target = new URL(redisTestUrl());
  const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
  const exportDir = mkdtempSync(join(tmpdir(), 'ros-exports-'));
  let databaseUrl: string;
  let a: TestApp;
  let b: TestApp;
  /** After each request both replicas sync, so each takes one hit between syncs (k = 1). */
  const syncBoth = () => Promise.all([a, b].map((r) => r.app.get(SharedThrottlerStorage).sync()));

  beforeAll(async () => {
    await proxy.up();
    databaseUrl = await createDatabase();
    const env = {
      REDIS_URL: proxy.url(),
      REDIS_PREFIX: prefix,
      EXPORT_DIR: exportDir,
      THROTTLE_LIMIT: String(LIMIT),
      // Long windows: a window turning over mid-test would hand out a fresh budget.
      THROTTLE_TTL_SECONDS: '3600',
      RUN_WORKER: 'false',
    };
    a = await createTestApp({ databaseUrl, env });
    b = await createTestApp({ databaseUrl, env });
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await proxy.down();
    await dropDatabase(databaseUrl);
    await dropRedisPrefix(prefix);
    rmSync(exportDir, { recursive: true, force: true });
  });

  /** Alternates one client's requests between the replicas; the statuses, in order. */
  async function alternate(ip: string, count: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      statuses.push(
        (
          await request(i % 2 === 0 ? a.url : b.url)
            .get('/api/menu')
            .set('X-Forwarded-For', ip)
        ).status,
      );
      await syncBoth();
    }
    return statuses;
  }

  /** At least LIMIT and at most LIMIT + (2 replicas - 1) x 1 pass; once refused, always refused. */
  function expectSharedLimit(statuses: number[]): void {
    const passed = statuses.filter((s) => s === 200).length;
    expect(passed).toBeGreaterThanOrEqual(LIMIT);
    expect(passed).toBeLessThanOrEqual(LIMIT + 1);
    expect(statuses).toEqual([...Array(passed).fill(200), ...Array(statuses.length - passed).fill(429)]);
  }

  it("counts one client's requests on both replicas together and answers 429 at the shared limit", async () => {
    expect(a.app.get(SharedThrottlerStorage).mode).toBe('redis');
    const statuses = await alternate('203.0.113.10', LIMIT * 2);
    expectSharedLimit(statuses);
    // Another client is not affected, on either replica.
    await request(b.url).get('/api/menu').set('X-Forwarded-For', '203.0.113.11').expect(200);

    const redis = new Redis(redisTestUrl());
    const keys = await redis.keys(`${prefix}:throttle:*`);
    await redis.quit();
    expect(keys.length).toBeGreaterThan(0);
  });

  it('fails open while Redis is down (orders still succeed, limits per replica) and shares again once it is back', async () => {
    const menu = await fetchMenu(a.url);
    await proxy.down();
    const ip = '203.0.113.20';
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await request(i % 2 === 0 ? a.url : b.url)
        .post('/api/orders')
        .set('X-Forwarded-For', ip)
        .send(orderBody(menu));
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201]);
    // Each replica still limits in its own memory: LIMIT per replica, never an error.
    const more: number[] = [];
    for (let i = 0; i < LIMIT * 2; i++) {
      more.push((await request(a.url).get('/api/menu').set('X-Forwarded-For', '203.0.113.21')).status);
    }
    expect(more).toEqual([...Array(LIMIT).fill(200), ...Array(LIMIT).fill(429)]);

    await proxy.up();
    // ioredis reconnects within about 2 s.
    await waitFor('rate limits shared again', async () => {
      const inStep = await syncBoth();
      return inStep.every(Boolean);
    });
    expectSharedLimit(await alternate('203.0.113.30', LIMIT + 2));
  });
});
