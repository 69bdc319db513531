import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dashboard state every API replica must agree on: failed sign-ins (the login slow-down) and sessions ended
 * by logout. Sessions themselves are signed cookies and need no table.
 */
export class DashboardSharedState1764500000000 implements MigrationInterface {
  name = 'DashboardSharedState1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE dashboard_login_failures (
      key varchar(200) PRIMARY KEY,
      failures integer NOT NULL,
      last_failure_at timestamptz NOT NULL,
      locked_until timestamptz)`);
    await q.query(`CREATE TABLE dashboard_revoked_sessions (
      sid varchar(64) PRIMARY KEY,
      expires_at timestamptz NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dashboard_revoked_sessions`);
    await q.query(`DROP TABLE dashboard_login_failures`);
  }
}
