/** Longest a key stays locked, however many failures it piles up. */
const MAX_LOCK_MS = 15 * 60_000;
/** Failures older than this are forgotten. */
const FORGET_AFTER_MS = 30 * 60_000;

interface Failures {
  count: number;
  lastAt: number;
  lockedUntil: number;
}

/**
 * Slows password guessing: after `maxFailures` failed logins for one key (an IP address or a user name),
 * further attempts are refused for `lockMs`, doubling with each further failure (capped at 15 minutes).
 * A success clears the key. Kept in memory: each replica counts on its own, which still multiplies an
 * attacker's cost by the lock time.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly maxFailures: number,
    private readonly lockMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds the caller must still wait before trying again (0 = may try now). */
  waitFor(keys: string[]): number {
    const now = this.now();
    return Math.max(0, ...keys.map((k) => (this.failures.get(k)?.lockedUntil ?? 0) - now));
  }

  recordFailure(keys: string[]): void {
    const now = this.now();
    this.prune(now);
    for (const key of keys) {
      const entry = this.failures.get(key) ?? { count: 0, lastAt: now, lockedUntil: 0 };
      entry.count += 1;
      entry.lastAt = now;
      if (entry.count >= this.maxFailures) {
        const doublings = Math.min(entry.count - this.maxFailures, 20);
        entry.lockedUntil = now + Math.min(this.lockMs * 2 ** doublings, MAX_LOCK_MS);
      }
      this.failures.set(key, entry);
    }
  }

  recordSuccess(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  private prune(now: number): void {
    if (this.failures.size < 10_000) return;
    for (const [key, entry] of this.failures) {
      if (now - entry.lastAt > FORGET_AFTER_MS && entry.lockedUntil < now) this.failures.delete(key);
    }
  }
}
