import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff accounts: one per person, so the history says who did what and a new hire gets only the board.
 * `session_generation` is carried in every session cookie of the account; raising it (a new password, the account
 * disabled) ends all of them at once on every replica, since each request reads the account.
 */
export class StaffAccounts1765300000000 implements MigrationInterface {
  name = 'StaffAccounts1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE staff_accounts (
      id uuid PRIMARY KEY,
      username varchar(60) NOT NULL,
      password_hash varchar(200) NOT NULL,
      role varchar(8) NOT NULL CHECK (role IN ('owner', 'staff')),
      disabled_at timestamptz,
      session_generation integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by varchar(80) NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    // Names are told apart without case: "Maria" and "maria" are one person at the login form.
    await q.query(`CREATE UNIQUE INDEX ux_staff_accounts_username ON staff_accounts (lower(username))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staff_accounts`);
  }
}
