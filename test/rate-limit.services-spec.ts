import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import request from 'supertest';
import { SharedThrottlerStorage } from '@/rate-limit/shared-throttler-storage';
import { createDatabase, dropDatabase, dropRedisPrefix, redisTestUrl } from './support/databases';
import { fetchMenu, orderBody } from './support/orders';
import { TcpProxy } from './support/tcp-proxy';
import { createTestApp, TestApp } from './support/test-app';

jest.setTimeout(120_000);

const LIMIT = 6;

/** Two API replicas on one PostgreSQL and one Redis: THROTTLE_LIMIT is enforced once for both, not per replica. */
describe('rate limits shared across replicas (Redis)', () => {
  const prefix = `ros-test-${randomBytes(4).toString('hex')}`;
  const target = new URL(redisTestUrl());
  const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
  const exportDir = mkdtempSync(join(tmpdir(), 'ros-exports-'));
  let databaseUrl: string;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    await proxy.up();
    databaseUrl = await createDatabase();
    const env = {
      REDIS_URL: proxy.url(),
      REDIS_PREFIX: prefix,
      EXPORT_DIR: exportDir,
      THROTTLE_LIMIT: String(LIMIT),
      THROTTLE_TTL_SECONDS: '60',
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

  it('counts one client\'s requests on both replicas together and answers 429 at the shared limit', async () => {
    expect(a.app.get(SharedThrottlerStorage).mode).toBe('redis');
    const ip = '203.0.113.10';
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT * 2; i++) {
      const res = await request(i % 2 === 0 ? a.url : b.url).get('/api/menu').set('X-Forwarded-For', ip);
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT);
    expect(statuses.slice(LIMIT)).toEqual(Array(LIMIT).fill(429));
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
      const res = await request(i % 2 === 0 ? a.url : b.url).post('/api/orders').set('X-Forwarded-For', ip).send(orderBody(menu));
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201]);
    // Each replica still limits in its own memory: LIMIT per replica, never an error.
    const more: number[] = [];
    for (let i = 0; i < LIMIT * 2; i++) {
      more.push((await request(a.url).get('/api/menu').set('X-Forwarded-For', '203.0.113.21')).status);
    }
    expect(more.filter((s) => s === 200)).toHaveLength(LIMIT);
    expect(more.filter((s) => s !== 200 && s !== 429)).toEqual([]);

    await proxy.up();
    const storage = a.app.get(SharedThrottlerStorage);
    // ioredis reconnects within about 2 s.
    const fresh = '203.0.113.30';
    const deadline = Date.now() + 15_000;
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      const probe = await storage.increment(`probe-${Date.now()}`, 60_000, 100, 60_000, 'default');
      if (probe.totalHits === 1 && (storage as unknown as { degraded: boolean }).degraded === false) break;
      if (Date.now() > deadline) throw new Error('rate limits did not return to Redis');
    }
    const statusesBack: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      statusesBack.push((await request(i % 2 === 0 ? a.url : b.url).get('/api/menu').set('X-Forwarded-For', fresh)).status);
    }
    expect(statusesBack.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(200));
    expect(statusesBack.slice(LIMIT)).toEqual([429, 429]);
  });
});
