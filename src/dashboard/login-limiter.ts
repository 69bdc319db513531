import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { DashboardConfig } from '@/config/dashboard.config.js';
import { PreparedQueries } from '@/database/prepared-queries.js';

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
    private readonly db: PreparedQueries,
    config: ConfigService,
  ) {
    const cfg = config.getOrThrow<DashboardConfig>('dashboard');
    this.maxFailures = cfg.loginMaxFailures;
    this.lockMs = cfg.loginLockSeconds * 1000;
  }

  /** Milliseconds the caller must still wait before trying again (0 = may try now). */
  async waitFor(keys: string[]): Promise<number> {
    const [row] = await this.db.query<{ wait: string | number | null }>(
      'ros_login_wait',
      `SELECT max(extract(epoch FROM (locked_until - now())) * 1000) AS wait
       FROM dashboard_login_failures WHERE key = ANY($1::varchar[]) AND locked_until > now()`,
      [keys],
    );
    return Math.max(0, Math.ceil(Number(row?.wait ?? 0)));
  }

  async recordFailure(keys: string[]): Promise<void> {
    for (const key of keys) {
      const [{ failures }] = await this.db.query<{ failures: number }>(
        'ros_login_failure',
        `INSERT INTO dashboard_login_failures AS f (key, failures, last_failure_at) VALUES ($1, 1, now())
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN f.last_failure_at < now() - interval '30 minutes'
                            AND coalesce(f.locked_until, '-infinity') < now() THEN 1 ELSE f.failures + 1 END,
           last_failure_at = now()
         RETURNING failures`,
        [key],
      );
      const lock = lockMsAfter(failures, this.maxFailures, this.lockMs);
      if (lock > 0) {
        await this.db.query(
          'ros_login_lock',
          `UPDATE dashboard_login_failures SET locked_until = now() + $2::int * interval '1 millisecond' WHERE key = $1`,
          [key, lock],
        );
      }
    }
    await this.db.query(
      'ros_login_forget',
      `DELETE FROM dashboard_login_failures
       WHERE last_failure_at < now() - interval '1 day' AND coalesce(locked_until, '-infinity') < now()`,
      [],
    );
  }

  async recordSuccess(keys: string[]): Promise<void> {
    await this.db.query('ros_login_success', 'DELETE FROM dashboard_login_failures WHERE key = ANY($1::varchar[])', [keys]);
  }
}
