import { Injectable } from '@nestjs/common';
import { PreparedQueries } from '@/database/prepared-queries.js';

/** `dashboard_revoked_sessions`: ids of sessions logged out before their cookie expires (sid is varchar(64)). */
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

  async isRevoked(sid: string): Promise<boolean> {
    const rows = await this.db.query('ros_session_revoked', 'SELECT 1 FROM dashboard_revoked_sessions WHERE sid = $1', [sid.slice(0, 64)]);
    return rows.length > 0;
  }
}
