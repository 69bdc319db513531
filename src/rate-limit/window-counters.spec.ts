import fc from 'fast-check';
import { SyncItem, WindowCounters, windowPhase, windowStart } from './window-counters.js';

const MINUTE = 60_000;
const ID = 'default:0123abcd';

/** What the sync script does in Redis, for counters that only talk to each other in these tests. */
class SharedTotals {
  private readonly hits = new Map<string, number>();
  private readonly blocks = new Map<string, number>();

  apply(batch: readonly SyncItem[], now: number): number[] {
    return batch.flatMap((item) => {
      const key = `${item.id}:${item.windowStart}`;
      const total = (this.hits.get(key) ?? 0) + item.hits;
      this.hits.set(key, total);
      if (item.blockLeftMs > 0 && !((this.blocks.get(item.id) ?? 0) > now)) this.blocks.set(item.id, now + item.blockLeftMs);
      const blockUntil = this.blocks.get(item.id) ?? 0;
      return [total, blockUntil > now ? blockUntil - now : -2];
    });
  }

  sync(counters: WindowCounters, now: number): void {
    const batch = counters.takeBatch(now);
    counters.settle(batch, this.apply(batch, now), now);
  }
}

/** A time at which ID's window has `left` ms to go. */
function withLeft(left: number, ttl = MINUTE): number {
  const start = windowStart(windowPhase(ID, ttl), ttl, 1_700_000_000_000) + ttl;
  return start + ttl - left;
}

describe('window math', () => {
  it('cuts time into windows of ttl that every replica derives from the key alone', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 80 }),
        fc.integer({ min: 1, max: 3_600_000 }),
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        (id, ttl, now) => {
          const phase = windowPhase(id, ttl);
          expect(phase).toBe(windowPhase(id, ttl));
          expect(phase).toBeGreaterThanOrEqual(0);
          expect(phase).toBeLessThan(ttl);
          const start = windowStart(phase, ttl, now);
          expect(start).toBeLessThanOrEqual(now);
          expect(now).toBeLessThan(start + ttl);
          expect((((start - phase) % ttl) + ttl) % ttl).toBe(0);
          expect(windowStart(phase, ttl, start + ttl - 1)).toBe(start);
          expect(windowStart(phase, ttl, start + ttl)).toBe(start + ttl);
        },
      ),
      { seed: 20_251_125 },
    );
  });

  it("does not turn every client's window over at the same moment", () => {
    const phases = new Set(Array.from({ length: 50 }, (_, i) => windowPhase(`default:client-${i}`, MINUTE)));
    expect(phases.size).toBeGreaterThan(45);
  });

  it('reports the seconds left in the window, and starts the next window from zero', () => {
    const counters = new WindowCounters();
    const t = withLeft(10_500);
    expect(counters.hit(ID, MINUTE, 2, MINUTE, t)).toEqual({ totalHits: 1, timeToExpire: 11, isBlocked: false, timeToBlockExpire: 0 });
    expect(counters.hit(ID, MINUTE, 2, MINUTE, t + 10_000).timeToExpire).toBe(1);
    expect(counters.hit(ID, MINUTE, 2, 0, t + 10_499).isBlocked).toBe(true);
    expect(counters.hit(ID, MINUTE, 2, 0, t + 10_500)).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
  });
});

describe('one process (no sync)', () => {
  it('is exact: the limit-th hit passes, the next is refused and blocks for blockDuration', () => {
    const counters = new WindowCounters();
    const t = withLeft(50_000);
    const records = Array.from({ length: 5 }, () => counters.hit(ID, MINUTE, 5, MINUTE, t));
    expect(records.map((r) => [r.totalHits, r.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, false],
      [5, false],
    ]);
    expect(counters.hit(ID, MINUTE, 5, MINUTE, t + 1_000)).toEqual({
      totalHits: 6,
      timeToExpire: 49,
      isBlocked: true,
      timeToBlockExpire: 60,
    });
    // The block outlives the window (as blockDuration says), and blocked hits are not counted.
    expect(counters.hit(ID, MINUTE, 5, MINUTE, t + 55_000)).toMatchObject({ isBlocked: true, timeToBlockExpire: 6 });
    expect(counters.hit(ID, MINUTE, 5, MINUTE, t + 61_000)).toMatchObject({ totalHits: 1, isBlocked: false });
    // Another client is not affected.
    expect(counters.hit('default:other', MINUTE, 5, MINUTE, t)).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('blocks at least until the window ends, so Retry-After is never too early', () => {
    const counters = new WindowCounters();
    const t = withLeft(30_000);
    counters.hit(ID, MINUTE, 1, 5_000, t);
    expect(counters.hit(ID, MINUTE, 1, 5_000, t)).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    expect(counters.hit(ID, MINUTE, 1, 5_000, t + 29_999).isBlocked).toBe(true);
    expect(counters.hit(ID, MINUTE, 1, 5_000, t + 30_000).isBlocked).toBe(false);
  });

  it('without a block duration refuses until the window ends, without blocking past it', () => {
    const counters = new WindowCounters();
    const t = withLeft(20_000);
    counters.hit(ID, MINUTE, 1, 0, t);
    expect(counters.hit(ID, MINUTE, 1, 0, t)).toEqual({ totalHits: 2, timeToExpire: 20, isBlocked: true, timeToBlockExpire: 20 });
    expect(counters.hit(ID, MINUTE, 1, 0, t + 20_000)).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('forgets clients whose window and block are over, synced or not (memory stays bounded)', () => {
    const counters = new WindowCounters();
    const t = withLeft(50_000);
    for (let i = 0; i < 100; i++) counters.hit(`default:client-${i}`, MINUTE, 1, MINUTE, t);
    counters.hit(ID, MINUTE, 1, 3 * MINUTE, t);
    counters.hit(ID, MINUTE, 1, 3 * MINUTE, t);
    expect(counters.size).toBe(101);
    // Two minutes later every window is over; only the client blocked for three minutes is still remembered.
    counters.hit('default:late', MINUTE, 1, MINUTE, t + 2 * MINUTE);
    expect(counters.size).toBe(2);
    expect(counters.hit(ID, MINUTE, 1, 3 * MINUTE, t + 2 * MINUTE).isBlocked).toBe(true);
    expect(counters.hasUnsynced).toBe(true);
  });

  it("asks for an early sync when a key's unsent hits reach a tenth of its limit, or it blocks", () => {
    const counters = new WindowCounters();
    const t = withLeft(50_000);
    for (let i = 0; i < 9; i++) counters.hit(ID, MINUTE, 100, MINUTE, t);
    expect(counters.earlySyncDue).toBe(false);
    counters.hit(ID, MINUTE, 100, MINUTE, t);
    expect(counters.earlySyncDue).toBe(true);
    counters.takeBatch(t);
    expect(counters.earlySyncDue).toBe(false);
    counters.hit('default:small', MINUTE, 1, MINUTE, t);
    expect(counters.earlySyncDue).toBe(true);
  });
});

describe('sync merge', () => {
  it('decides on (shared total at the last sync) + (own hits since), and sends only what changed', () => {
    const redis = new SharedTotals();
    const a = new WindowCounters();
    const b = new WindowCounters();
    const t = withLeft(50_000);
    for (let i = 0; i < 3; i++) a.hit(ID, MINUTE, 10, MINUTE, t);
    redis.sync(a, t);
    expect(b.hit(ID, MINUTE, 10, MINUTE, t).totalHits).toBe(1);
    redis.sync(b, t);
    expect(b.hit(ID, MINUTE, 10, MINUTE, t).totalHits).toBe(5);
    expect(a.hit(ID, MINUTE, 10, MINUTE, t).totalHits).toBe(4);
    const batch = a.takeBatch(t);
    expect(batch.map(({ id, hits, windowLeftMs, blockLeftMs }) => ({ id, hits, windowLeftMs, blockLeftMs }))).toEqual([
      { id: ID, hits: 1, windowLeftMs: 50_000, blockLeftMs: 0 },
    ]);
    a.settle(batch, redis.apply(batch, t), t);
    expect(a.takeBatch(t)).toEqual([]);
    // B's fifth hit is not in Redis yet: A sees it after B's next sync.
    expect(a.hit(ID, MINUTE, 10, MINUTE, t).totalHits).toBe(6);
  });

  it('counts hits taken while a sync is on its way, and never lets Redis refund its own hits', () => {
    const a = new WindowCounters();
    const t = withLeft(50_000);
    a.hit(ID, MINUTE, 10, MINUTE, t);
    a.hit(ID, MINUTE, 10, MINUTE, t);
    const batch = a.takeBatch(t);
    expect(a.hit(ID, MINUTE, 10, MINUTE, t).totalHits).toBe(3);
    // Redis lost the key (say, flushed): the reply says 2, but 2 sent + 1 since are still this process's.
    a.settle(batch, [2, -2], t);
    expect(a.hit(ID, MINUTE, 10, MINUTE, t).totalHits).toBe(4);
    a.settle(a.takeBatch(t), [1, -2], t);
    expect(a.hit(ID, MINUTE, 10, MINUTE, t).totalHits).toBe(5);
  });

  it('ignores a reply for a window that turned over while it was on its way', () => {
    const a = new WindowCounters();
    const t = withLeft(100);
    a.hit(ID, MINUTE, 10, MINUTE, t);
    const batch = a.takeBatch(t);
    expect(a.hit(ID, MINUTE, 10, MINUTE, t + 200).totalHits).toBe(1);
    a.settle(batch, [9, -2], t + 300);
    expect(a.hit(ID, MINUTE, 10, MINUTE, t + 300).totalHits).toBe(2);
  });

  it('sends a failed batch again with the next one (hits and the block)', () => {
    const redis = new SharedTotals();
    const a = new WindowCounters();
    const t = withLeft(50_000);
    a.hit(ID, MINUTE, 2, MINUTE, t);
    a.hit(ID, MINUTE, 2, MINUTE, t);
    a.hit(ID, MINUTE, 2, MINUTE, t);
    const failed = a.takeBatch(t);
    a.giveBack(failed, t);
    expect(a.hit(ID, MINUTE, 2, MINUTE, t).isBlocked).toBe(true);
    const retry = a.takeBatch(t + 10);
    expect(retry.map(({ hits, blockLeftMs }) => ({ hits, blockLeftMs }))).toEqual([{ hits: 2, blockLeftMs: MINUTE - 10 }]);
    a.settle(retry, redis.apply(retry, t + 10), t + 10);
    // Another replica learns the block at its first sync for this client, even in the next window.
    const b = new WindowCounters();
    const later = t + 50_000 + 1_000;
    expect(b.hit(ID, MINUTE, 2, MINUTE, later).isBlocked).toBe(false);
    redis.sync(b, later);
    expect(b.hit(ID, MINUTE, 2, MINUTE, later)).toMatchObject({ isBlocked: true, timeToBlockExpire: 9 });
  });

  it('lets N replicas through at most limit + (N - 1) x k, where k is the most hits a replica takes between its syncs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.nat(), { minLength: 50, maxLength: 300 }),
        (replicas, limit, k, schedule) => {
          const redis = new SharedTotals();
          const counters = Array.from({ length: replicas }, () => new WindowCounters());
          const sinceSync = Array(replicas).fill(0);
          const t = withLeft(50_000);
          let allowed = 0;
          let attempts = 0;
          for (const step of schedule) {
            const r = step % replicas;
            // A replica syncs at least every k of its hits, sometimes sooner.
            if (sinceSync[r] === k || step % 7 === 0) {
              redis.sync(counters[r], t);
              sinceSync[r] = 0;
              continue;
            }
            sinceSync[r]++;
            attempts++;
            if (!counters[r].hit(ID, MINUTE, limit, MINUTE, t).isBlocked) allowed++;
          }
          expect(allowed).toBeLessThanOrEqual(limit + (replicas - 1) * k);
          // A view never runs ahead of the real total: nobody is refused before the limit is really reached.
          expect(allowed).toBeGreaterThanOrEqual(Math.min(limit, attempts));
        },
      ),
      { seed: 20_251_125, numRuns: 500 },
    );
  });
});
