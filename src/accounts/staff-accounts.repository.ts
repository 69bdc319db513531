import type { StaffRole } from '@/dashboard/staff-roles.js';
import type { StaffAccount } from './staff-account.js';

/** What runs the SQL: PreparedQueries in the app, the TypeORM data source in `npm run user:add`. */
export interface SqlRunner {
  query<T = Record<string, unknown>>(name: string, text: string, values: unknown[]): Promise<T[]>;
}

interface AccountRow {
  id: string;
  username: string;
  role: StaffRole;
  disabled_at: Date | string | null;
  created_at: Date | string;
  created_by: string;
}

export interface LoginRow {
  id: string;
  username: string;
  role: StaffRole;
  password_hash: string;
  session_generation: number;
}

export interface NewAccount {
  id: string;
  username: string;
  passwordHash: string;
  role: StaffRole;
  createdBy: string;
}

const ACCOUNT_COLUMNS = 'id, username, role, disabled_at, created_at, created_by';

function toAccount(row: AccountRow): StaffAccount {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    disabled: row.disabled_at !== null,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
  };
}

/**
 * `staff_accounts`. Changes that could leave the restaurant without an owner who can sign in (the last owner
 * disabled or made staff) are refused inside the statement itself, so two owners demoting each other at the same
 * moment cannot both succeed: the update locks every active owner row first.
 */
export class StaffAccountsRepository {
  constructor(private readonly db: SqlRunner) {}

  async list(): Promise<StaffAccount[]> {
    const rows = await this.db.query<AccountRow>(
      'ros_accounts_list',
      `SELECT ${ACCOUNT_COLUMNS} FROM staff_accounts ORDER BY disabled_at IS NOT NULL, role, lower(username)`,
      [],
    );
    return rows.map(toAccount);
  }

  async find(id: string): Promise<StaffAccount | null> {
    const [row] = await this.db.query<AccountRow>('ros_account_find', `SELECT ${ACCOUNT_COLUMNS} FROM staff_accounts WHERE id = $1`, [id]);
    return row ? toAccount(row) : null;
  }

  async count(): Promise<{ accounts: number; activeOwners: number }> {
    const [row] = await this.db.query<{ accounts: string; owners: string }>(
      'ros_accounts_count',
      `SELECT count(*) AS accounts, count(*) FILTER (WHERE role = 'owner' AND disabled_at IS NULL) AS owners FROM staff_accounts`,
      [],
    );
    return { accounts: Number(row.accounts), activeOwners: Number(row.owners) };
  }

  /** The new account, or null when its name (in any case) is taken. */
  async insert(account: NewAccount): Promise<StaffAccount | null> {
    const [row] = await this.db.query<AccountRow>(
      'ros_account_insert',
      `INSERT INTO staff_accounts (id, username, password_hash, role, created_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ((lower(username))) DO NOTHING RETURNING ${ACCOUNT_COLUMNS}`,
      [account.id, account.username, account.passwordHash, account.role, account.createdBy],
    );
    return row ? toAccount(row) : null;
  }

  /** The active account with this name (any case) and what a login needs of it. */
  async forLogin(username: string): Promise<LoginRow | null> {
    const [row] = await this.db.query<LoginRow>(
      'ros_account_login',
      `SELECT id, username, role, password_hash, session_generation FROM staff_accounts
       WHERE lower(username) = lower($1) AND disabled_at IS NULL`,
      [username],
    );
    return row ?? null;
  }

  /**
   * The account behind a session cookie, when the session still counts: the account active, its sessions not
   * ended since (same generation) and this session not logged out. One query, on every dashboard request.
   */
  async forSession(accountId: string, generation: number, sid: string): Promise<{ username: string; role: StaffRole } | null> {
    const [row] = await this.db.query<{ username: string; role: StaffRole }>(
      'ros_account_session',
      `SELECT a.username, a.role FROM staff_accounts a
       WHERE a.id = $1 AND a.session_generation = $2 AND a.disabled_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM dashboard_revoked_sessions r WHERE r.sid = $3)`,
      [accountId, generation, sid.slice(0, 64)],
    );
    return row ?? null;
  }

  /**
   * Changes the role and/or the disabled state; disabling ends the account's sessions. Returns 'last-owner' (and
   * changes nothing) when no other active owner would be left, null when there is no such account.
   */
  async update(id: string, change: { role?: StaffRole; disabled?: boolean }): Promise<StaffAccount | 'last-owner' | null> {
    const rows = await this.db.query<AccountRow & { refused: boolean }>(
      'ros_account_update',
      `WITH owners AS (
         SELECT id FROM staff_accounts WHERE role = 'owner' AND disabled_at IS NULL FOR UPDATE
       ), target AS (
         SELECT a.id,
                (a.role = 'owner' AND a.disabled_at IS NULL
                 AND (coalesce($2, a.role) <> 'owner' OR coalesce($3, a.disabled_at IS NOT NULL))
                 AND (SELECT count(*) FROM owners) <= 1) AS refused
         FROM staff_accounts a WHERE a.id = $1 FOR UPDATE
       ), changed AS (
         UPDATE staff_accounts a SET
           role = coalesce($2, a.role),
           disabled_at = CASE WHEN $3::boolean IS NULL THEN a.disabled_at
                              WHEN $3 THEN coalesce(a.disabled_at, now()) ELSE NULL END,
           session_generation = a.session_generation + CASE WHEN $3 AND a.disabled_at IS NULL THEN 1 ELSE 0 END,
           updated_at = now()
         FROM target t WHERE a.id = t.id AND NOT t.refused
         RETURNING ${ACCOUNT_COLUMNS.split(', ')
           .map((c) => `a.${c}`)
           .join(', ')}
       )
       SELECT c.*, false AS refused FROM changed c
       UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, true FROM target WHERE refused`,
      [id, change.role ?? null, change.disabled ?? null],
    );
    const [row] = rows;
    if (!row) return null;
    return row.refused ? 'last-owner' : toAccount(row);
  }

  /** A new password; every session of the account ends (someone who knew the old one is signed out). */
  async setPassword(id: string, passwordHash: string): Promise<StaffAccount | null> {
    const [row] = await this.db.query<AccountRow>(
      'ros_account_password',
      // Inside a WITH: TypeORM's query() answers a bare UPDATE with [rows, count] instead of the rows.
      `WITH changed AS (
         UPDATE staff_accounts SET password_hash = $2, session_generation = session_generation + 1, updated_at = now()
         WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS})
       SELECT * FROM changed`,
      [id, passwordHash],
    );
    return row ? toAccount(row) : null;
  }

  async sessionGeneration(id: string): Promise<number> {
    const [row] = await this.db.query<{ session_generation: number }>(
      'ros_account_generation',
      'SELECT session_generation FROM staff_accounts WHERE id = $1',
      [id],
    );
    return row?.session_generation ?? 0;
  }
}
