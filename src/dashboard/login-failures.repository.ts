import { Injectable } from '@nestjs/common';
import { PreparedQueries } from '@/database/prepared-queries.js';

/**
 * `dashboard_login_failures`: failed logins per key (an IP address or a user name). Times are the database's
 * clock, the same for every replica.
 */
@Injectable()
export class LoginFailuresRepository {
  constructor(private readonly db: PreparedQueries) {}

  /** The longest lock still running on any of `keys`, in milliseconds (0 or less when none is). */
  async longestLockMs(keys: string[]): Promise<number> {
    const [row] = await this.db.query<{ wait: string | number | null }>(
      'ros_login_wait',
      `SELECT max(extract(epoch FROM (locked_until - now())) * 1000) AS wait
       FROM dashboard_login_failures WHERE key = ANY($1::varchar[]) AND locked_until > now()`,
      [keys],
    );
    return Number(row?.wait ?? 0);
  }

  /** Counts one more failure and returns the key's count; failures older than 30 minutes start over unless locked. */
  async addFailure(key: string): Promise<number> {
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
    return failures;
  }

  async lock(key: string, ms: number): Promise<void> {
    await this.db.query(
      'ros_login_lock',
      `UPDATE dashboard_login_failures SET locked_until = now() + $2::int * interval '1 millisecond' WHERE key = $1`,
      [key, ms],
    );
  }

  /** Drops keys idle for a day and no longer locked. */
  async forgetStale(): Promise<void> {
    await this.db.query(
      'ros_login_forget',
      `DELETE FROM dashboard_login_failures
       WHERE last_failure_at < now() - interval '1 day' AND coalesce(locked_until, '-infinity') < now()`,
      [],
    );
  }

  async clear(keys: string[]): Promise<void> {
    await this.db.query('ros_login_success', 'DELETE FROM dashboard_login_failures WHERE key = ANY($1::varchar[])', [keys]);
  }
}
