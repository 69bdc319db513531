import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { appConfig } from '@/config/app.config.js';
import { RedisConnection } from '@/redis/redis-connection.js';
import { ThrottlerStorageRecord, WindowCounters } from './window-counters.js';

/** A sync that waits longer than this for Redis is given up and sent again with the next one. */
const REDIS_COMMAND_TIMEOUT_MS = 500;
/** While Redis stays down, the outage is logged again at most this often. */
const OUTAGE_LOG_INTERVAL_MS = 60_000;
/** Shared totals outlive their window by this much, so a replica whose clock is a little behind still finds them. */
const CLOCK_SKEW_GRACE_MS = 1_000;

/**
 * One round trip for every counter that changed. KEYS: per counter its window's hits key and its block key.
 * ARGV: per counter the hits to add, the hits key's lifetime (ms) and a block to share (ms, 0 = none; the first
 * replica's block stands). Returns per counter the window's hits on all replicas and the block's ms left (< 0 = none).
 */
const SYNC_SCRIPT = `
local out = {}
for i = 1, #KEYS / 2 do
  local hitsKey, blockKey = KEYS[2 * i - 1], KEYS[2 * i]
  local add, block = tonumber(ARGV[3 * i - 2]), tonumber(ARGV[3 * i])
  local total
  if add > 0 then
    total = redis.call('INCRBY', hitsKey, add)
    redis.call('PEXPIRE', hitsKey, ARGV[3 * i - 1])
  else
    total = tonumber(redis.call('GET', hitsKey) or 0)
  end
  if block > 0 then redis.call('SET', blockKey, 1, 'PX', block, 'NX') end
  out[2 * i - 1] = total
  out[2 * i] = redis.call('PTTL', blockKey)
end
return out`;

interface ThrottleSyncCommand {
  throttleSync(numKeys: number, ...keysThenArgs: (string | number)[]): Promise<number[]>;
}

/**
 * Rate-limit counters for ThrottlerGuard, decided in this process's memory and shared by every API replica through
 * Redis when REDIS_URL is set: a request never waits for Redis. Every THROTTLE_SYNC_MS (sooner when a client's
 * unsent hits reach a tenth of its limit) one script adds this replica's new hits to each window's shared total
 * and reads the totals back, so N replicas enforce THROTTLE_LIMIT once, not N times, give or take what the other
 * replicas accepted since the last sync (README, Guarantees). Windows are fixed and derived from the key, so
 * replicas agree on them. Without REDIS_URL, or while Redis is down (logged), each process limits on its own
 * and catches up once Redis answers again.
 */
@Injectable()
export class SharedThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly counters = new WindowCounters();
  private readonly redis: (Redis & ThrottleSyncCommand) | null = null;
  private readonly keyPrefix: string;
  private readonly syncMs: number;
  private syncTimer: NodeJS.Timeout | undefined;
  private syncTimerIsEarly = false;
  private syncing: Promise<boolean> | null = null;
  private closed = false;
  private outageLoggedAt = 0;
  private degraded = false;

  constructor(connection: RedisConnection, @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>) {
    this.syncMs = app.throttleSyncMs;
    this.keyPrefix = `${connection.prefix}:throttle:`;
    if (!connection.configured) return;
    this.redis = connection.createClient({
      // A sync never queues behind a reconnect: it fails at once and its hits go with the next one.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    }) as Redis & ThrottleSyncCommand;
    this.redis.defineCommand('throttleSync', { lua: SYNC_SCRIPT });
    this.redis.on('error', (err: Error) => this.noteOutage(err));
    // Catch up on what was counted while Redis was away (and say so) as soon as it is back.
    this.redis.on('ready', () => void this.sync());
  }

  /** `redis` when the counters are shared across replicas, `memory` when they are per process. */
  get mode(): 'redis' | 'memory' {
    return this.redis ? 'redis' : 'memory';
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const record = this.counters.hit(`${throttlerName}:${key}`, ttl, limit, blockDuration, Date.now());
    if (this.redis) this.scheduleSync();
    return record;
  }

  /**
   * Sends every unsent hit and block to Redis now, in one round trip, and takes back the shared totals. Resolves
   * true when this process is in step with Redis, false when Redis is unreachable (the hits go with the next
   * sync) or not configured. Never rejects.
   */
  async sync(): Promise<boolean> {
    while (this.syncing) await this.syncing;
    clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    let inStep = false;
    this.syncing = this.sendAndMerge();
    try {
      inStep = await this.syncing;
    } finally {
      this.syncing = null;
      // After a failure, retry at the normal pace, never in a tight loop.
      this.scheduleSync(inStep);
    }
    return inStep;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    if (!this.redis) return;
    // The last hits still count on the other replicas.
    await this.sync();
    await this.redis.quit().catch(() => this.redis!.disconnect());
  }

  /**
   * A sync in THROTTLE_SYNC_MS, or at once when the counters asked for one early. A sync in progress schedules the
   * next when it ends; while Redis is reconnecting nothing is scheduled ('ready' syncs).
   */
  private scheduleSync(allowEarly = true): void {
    if (this.closed || this.syncing || !this.counters.hasUnsynced || this.redis?.status !== 'ready') return;
    const early = allowEarly && this.counters.earlySyncDue;
    if (this.syncTimer && (this.syncTimerIsEarly || !early)) return;
    clearTimeout(this.syncTimer);
    this.syncTimerIsEarly = early;
    this.syncTimer = setTimeout(
      () => {
        this.syncTimer = undefined;
        void this.sync();
      },
      early ? 0 : this.syncMs,
    );
    // A pending sync never keeps the process alive.
    this.syncTimer.unref();
  }

  private async sendAndMerge(): Promise<boolean> {
    const redis = this.redis;
    // While reconnecting, keep counting here: nothing is sent, nothing waits.
    if (!redis || redis.status !== 'ready') return false;
    const batch = this.counters.takeBatch(Date.now());
    try {
      if (batch.length > 0) {
        const keys: string[] = [];
        const args: number[] = [];
        for (const item of batch) {
          const stem = `${this.keyPrefix}${item.id}`;
          keys.push(`${stem}:${item.windowStart}`, `${stem}:blocked`);
          args.push(item.hits, item.windowLeftMs + CLOCK_SKEW_GRACE_MS, item.blockLeftMs);
        }
        this.counters.settle(batch, await redis.throttleSync(keys.length, ...keys, ...args), Date.now());
      }
    } catch (err) {
      this.counters.giveBack(batch, Date.now());
      this.noteOutage(err as Error);
      return false;
    }
    if (this.degraded) {
      this.degraded = false;
      this.logger.log('Redis answers again: rate limits are shared across replicas again');
    }
    return true;
  }

  private noteOutage(err: Error): void {
    const now = Date.now();
    if (this.degraded && now - this.outageLoggedAt < OUTAGE_LOG_INTERVAL_MS) return;
    this.degraded = true;
    this.outageLoggedAt = now;
    this.logger.warn(`Redis is unreachable for rate limits (${err.message}); limiting per replica in memory until it is back`);
  }
}
