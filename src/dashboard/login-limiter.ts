import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { dashboardConfig } from '@/config/dashboard.config.js';
import { LoginFailuresRepository } from './login-failures.repository.js';

/** Longest a key stays locked, however many failures it piles up. */
export const MAX_LOCK_MS = 15 * 60_000;

/** How long a key is locked after its `failures`-th failure: none below the limit, then doubling, capped. */
export function lockMsAfter(failures: number, maxFailures: number, lockMs: number): number {
  if (failures < maxFailures) return 0;
  const doublings = Math.min(failures - maxFailures, 20);
  return Math.min(lockMs * 2 ** doublings, MAX_LOCK_MS);
}

/**
 * Slows password guessing: after `maxFailures` failed logins for one key (an IP address or a user name),
 * further attempts are refused for the lock time, doubling with each further failure (capped at 15 minutes).
 * A success clears the key; failures older than 30 minutes start over. Kept in PostgreSQL, so every API
 * replica counts the same failures (times are the database's clock, the same for all of them).
 */
@Injectable()
export class LoginLimiter {
  private readonly maxFailures: number;
  private readonly lockMs: number;

  constructor(
    private readonly failures: LoginFailuresRepository,
    @Inject(dashboardConfig.KEY) cfg: ConfigType<typeof dashboardConfig>,
  ) {
    this.maxFailures = cfg.loginMaxFailures;
    this.lockMs = cfg.loginLockSeconds * 1000;
  }

  /** Milliseconds the caller must still wait before trying again (0 = may try now). */
  async waitFor(keys: string[]): Promise<number> {
    return Math.max(0, Math.ceil(await this.failures.longestLockMs(keys)));
  }

  async recordFailure(keys: string[]): Promise<void> {
    for (const key of keys) {
      const failures = await this.failures.addFailure(key);
      const lock = lockMsAfter(failures, this.maxFailures, this.lockMs);
      if (lock > 0) await this.failures.lock(key, lock);
    }
    await this.failures.forgetStale();
  }

  async recordSuccess(keys: string[]): Promise<void> {
    await this.failures.clear(keys);
  }
}
