import { Injectable } from '@nestjs/common';
import { PreparedQueries } from '@/database/prepared-queries.js';

/**
 * `dashboard_revoked_sessions`: ids of sessions logged out before their cookie expires (sid is varchar(64)); the
 * account lookup of every request (StaffAccountsRepository.forSession) refuses them.
 */
@Injectable()
export class RevokedSessionsRepository {
  constructor(private readonly db: PreparedQueries) {}

  async revoke(sid: string, expiresAtMs: number): Promise<void> {
    await this.db.query(
      'ros_session_revoke',
      `INSERT INTO dashboard_revoked_sessions (sid, expires_at) VALUES ($1, to_timestamp($2::double precision / 1000))
       ON CONFLICT (sid) DO NOTHING`,
      [sid.slice(0, 64), expiresAtMs],
    );
  }

  async forgetExpired(): Promise<void> {
    await this.db.query('ros_session_forget', 'DELETE FROM dashboard_revoked_sessions WHERE expires_at < now()', []);
  }
}
