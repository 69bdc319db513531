import type { ThrottlerStorage } from '@nestjs/throttler';

export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** A key's unsent hits are synced at once (not at the next interval) when they reach this share of its limit. */
const EARLY_SYNC_SHARE = 0.1;
/** Counters whose window and block are over are dropped this often. */
const SWEEP_INTERVAL_MS = 60_000;

/** One client's (throttler name + key) fixed window, as this process sees it. */
interface Counter {
  /** `${throttlerName}:${key}`, the same on every replica. */
  readonly id: string;
  ttl: number;
  /** Where this key's windows start: replicas agree on it, and clients' windows do not all turn over together. */
  phase: number;
  windowStart: number;
  windowEnd: number;
  /** Hits of this window on all replicas, as Redis said at the last sync (this process's sent hits included). */
  synced: number;
  /** This process's hits in the sync on its way to Redis. */
  sending: number;
  /** This process's hits not sent yet. */
  pending: number;
  /** Epoch ms; refused until then. */
  blockedUntil: number;
  /** A block decided here that Redis has not been told about yet. */
  blockUnshared: boolean;
}

/** What one counter sends in a sync, and what its reply is merged into. */
export interface SyncItem {
  readonly counter: Counter;
  readonly id: string;
  readonly windowStart: number;
  /** Hits to add to the window's shared total. */
  readonly hits: number;
  /** How long the window has left (the shared total's lifetime). */
  readonly windowLeftMs: number;
  /** > 0: a block decided here, to share for this long. */
  readonly blockLeftMs: number;
}

/**
 * Fixed-window rate-limit counters decided from memory, with no I/O: a hit is allowed while (the window's total
 * on all replicas at the last sync) + (this process's hits since) is under the limit. Syncing is the caller's
 * job: `takeBatch` hands out what changed, `settle` merges Redis's answer, `giveBack` keeps it for the next try.
 * Without syncs this is an exact per-process limiter.
 */
export class WindowCounters {
  private readonly counters = new Map<string, Counter>();
  private readonly unsynced = new Set<Counter>();
  private nextSweepAt = 0;
  /** Set when a counter's unsent hits reached EARLY_SYNC_SHARE of its limit, or a new block should be shared. */
  earlySyncDue = false;

  get hasUnsynced(): boolean {
    return this.unsynced.size > 0;
  }

  /** How many clients are remembered. */
  get size(): number {
    return this.counters.size;
  }

  /** Counts one hit and decides it, with ThrottlerGuard's meaning of the fields (times in whole seconds). */
  hit(id: string, ttl: number, limit: number, blockDuration: number, now: number): ThrottlerStorageRecord {
    if (now >= this.nextSweepAt) this.sweep(now);
    const c = this.current(id, ttl, now);
    const counted = c.synced + c.sending + c.pending;
    if (c.blockedUntil > now) return refused(c, counted, c.blockedUntil, now);
    if (counted >= limit) {
      // Without a block duration the client waits for the next window.
      if (blockDuration <= 0) return refused(c, counted, c.windowEnd, now);
      // Never shorter than the rest of the window: its budget is spent, so an earlier retry would be refused.
      c.blockedUntil = Math.max(now + blockDuration, c.windowEnd);
      c.blockUnshared = true;
      this.unsynced.add(c);
      this.earlySyncDue = true;
      return refused(c, counted, c.blockedUntil, now);
    }
    c.pending++;
    this.unsynced.add(c);
    if (c.pending >= Math.max(1, Math.ceil(limit * EARLY_SYNC_SHARE))) this.earlySyncDue = true;
    return { totalHits: counted + 1, timeToExpire: seconds(c.windowEnd - now), isBlocked: false, timeToBlockExpire: 0 };
  }

  /** Everything unsent, now marked as on its way. One batch at a time: settle or give it back before the next. */
  takeBatch(now: number): SyncItem[] {
    this.earlySyncDue = false;
    const batch: SyncItem[] = [];
    for (const c of this.unsynced) {
      // Hits of a window that is over concern nobody any more.
      const hits = c.windowEnd > now ? c.pending : 0;
      const blockLeftMs = c.blockUnshared ? Math.max(0, c.blockedUntil - now) : 0;
      c.pending -= hits;
      c.sending = hits;
      c.blockUnshared = false;
      if (hits > 0 || blockLeftMs > 0) {
        batch.push({ counter: c, id: c.id, windowStart: c.windowStart, hits, windowLeftMs: c.windowEnd - now, blockLeftMs });
      }
    }
    this.unsynced.clear();
    return batch;
  }

  /**
   * Merges Redis's answer to a batch: for item i, `reply[2i]` is its window's total on all replicas (the hits it
   * sent included) and `reply[2i + 1]` the ms left of the client's shared block (<= 0: none).
   */
  settle(batch: readonly SyncItem[], reply: readonly number[], now: number): void {
    batch.forEach((item, i) => {
      const c = item.counter;
      if (this.counters.get(c.id) !== c) return;
      // A window that turned over meanwhile starts from zero; the old window's total means nothing to it.
      if (c.windowStart === item.windowStart) {
        // Never below what this process knows it counted (a total lost in Redis must not refund hits).
        c.synced = Math.max(reply[2 * i], c.synced + c.sending);
        c.sending = 0;
      }
      // A block set by any replica holds here too, for as long as it has left.
      const sharedBlockMs = reply[2 * i + 1];
      if (sharedBlockMs > 0) c.blockedUntil = now + sharedBlockMs;
    });
  }

  /**
   * A batch that did not reach Redis (or whose answer was lost): its hits and blocks are sent again with the next
   * one. If Redis applied it before failing to answer, those hits count twice: stricter, never looser.
   */
  giveBack(batch: readonly SyncItem[], now: number): void {
    for (const item of batch) {
      const c = item.counter;
      if (this.counters.get(c.id) !== c) continue;
      if (c.windowStart === item.windowStart) {
        c.pending += c.sending;
        c.sending = 0;
      }
      if (item.blockLeftMs > 0 && c.blockedUntil > now) c.blockUnshared = true;
      this.unsynced.add(c);
    }
  }

  /** The counter of `id` for the window `now` falls in. */
  private current(id: string, ttl: number, now: number): Counter {
    let c = this.counters.get(id);
    if (!c) {
      c = {
        id,
        ttl,
        phase: windowPhase(id, ttl),
        windowStart: 0,
        windowEnd: 0,
        synced: 0,
        sending: 0,
        pending: 0,
        blockedUntil: 0,
        blockUnshared: false,
      };
      this.counters.set(id, c);
    }
    if (c.ttl !== ttl) {
      c.ttl = ttl;
      c.phase = windowPhase(id, ttl);
      c.windowEnd = 0;
    }
    if (now >= c.windowEnd || now < c.windowStart) {
      c.windowStart = windowStart(c.phase, ttl, now);
      c.windowEnd = c.windowStart + ttl;
      c.synced = 0;
      c.sending = 0;
      c.pending = 0;
    }
    return c;
  }

  /** Forgets clients whose window and block are over, unsent counts included (they concern nobody any more). */
  private sweep(now: number): void {
    this.nextSweepAt = now + SWEEP_INTERVAL_MS;
    for (const [id, c] of this.counters) {
      if (c.windowEnd > now || c.blockedUntil > now || c.sending > 0) continue;
      this.counters.delete(id);
      this.unsynced.delete(c);
    }
  }
}

/**
 * Start of the fixed window of length `ttl` containing `now`, for a key whose windows start at `phase` (ms past
 * each multiple of ttl since the epoch). Every replica computes the same windows from the key alone.
 */
export function windowStart(phase: number, ttl: number, now: number): number {
  return now - mod(now - phase, ttl);
}

/** A key's window phase: a hash of the key (FNV-1a), so it is the same on every replica. */
export function windowPhase(id: string, ttl: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % ttl;
}

function refused(c: Counter, counted: number, until: number, now: number): ThrottlerStorageRecord {
  return { totalHits: counted + 1, timeToExpire: seconds(c.windowEnd - now), isBlocked: true, timeToBlockExpire: seconds(until - now) };
}

function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
