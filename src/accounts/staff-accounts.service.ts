import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { Observable, Subject } from 'rxjs';
import { ClusterEvents } from '@/cluster-events/cluster-events.js';
import { DomainError, ErrorCode, NotFoundError } from '@/common/domain-error.js';
import { appConfig } from '@/config/app.config.js';
import { DatabaseBootstrapService } from '@/database/database-bootstrap.service.js';
import { PreparedQueries } from '@/database/prepared-queries.js';
import type { StaffRole } from '@/dashboard/staff-roles.js';
import { hashPassword, passwordProblem, StaffAccount, verifyPassword } from './staff-account.js';
import { LoginRow, StaffAccountsRepository } from './staff-accounts.repository.js';

/**
 * The development stage's accounts, documented in the README and `.env.development`: the embedded start signs in
 * with them at once. Other stages start with none: the first owner comes from `npm run user:add`.
 */
export const DEVELOPMENT_ACCOUNTS: ReadonlyArray<{ username: string; password: string; role: StaffRole }> = [
  { username: 'owner', password: 'owner-password', role: 'owner' },
  { username: 'staff', password: 'staff-password', role: 'staff' },
];

/** The command that creates the first owner, as the login page and the boot log tell it. */
export const ADD_OWNER_COMMAND = 'npm run user:add -- --role owner <name>';

/** Cluster topic: an account's role, state or password changed (its data: the account id). */
const ACCOUNTS_TOPIC = 'accounts.changed';

/** Staff accounts: sign-in checks, the owner's account list and changes, the development accounts. */
@Injectable()
export class StaffAccountsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(StaffAccountsService.name);
  private readonly accounts: StaffAccountsRepository;
  private readonly changes = new Subject<string>();

  constructor(
    db: PreparedQueries,
    private readonly bootstrap: DatabaseBootstrapService,
    private readonly cluster: ClusterEvents,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {
    this.accounts = new StaffAccountsRepository(db);
    cluster.on<string>(ACCOUNTS_TOPIC).subscribe((id) => this.changes.next(id));
  }

  /**
   * Ids of accounts changed here or on another replica. Requests read the account anyway; this is for what a
   * request opened earlier and keeps open (the live board's stream), so a disabled account's board stops at once.
   */
  changed(): Observable<string> {
    return this.changes.asObservable();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.bootstrap.withBootstrapLock(async () => {
      const { accounts, activeOwners } = await this.accounts.count();
      if (this.app.stage === 'development' && accounts === 0) {
        // Written as documented, past the password rules (which they would fail: each contains its name).
        for (const { username, password, role } of DEVELOPMENT_ACCOUNTS) {
          await this.accounts.insert({
            id: randomUUID(),
            username,
            passwordHash: await hashPassword(password),
            role,
            createdBy: 'development start',
          });
        }
        this.logger.log(`Created the development accounts: ${DEVELOPMENT_ACCOUNTS.map((a) => `${a.username} (${a.role})`).join(', ')}`);
      } else if (activeOwners === 0) {
        this.logger.warn(`No owner account can sign in to the dashboard yet; create one on the server: ${ADD_OWNER_COMMAND}`);
      }
    });
  }

  /** Whether the dashboard can be used at all: an owner who can sign in exists. */
  async hasOwner(): Promise<boolean> {
    return (await this.accounts.count()).activeOwners > 0;
  }

  /** The active account when the name and password are right; null otherwise (in about the same time either way). */
  async authenticate(username: string, password: string): Promise<LoginRow | null> {
    const row = await this.accounts.forLogin(username);
    const ok = await verifyPassword(row?.password_hash ?? null, password);
    return ok && row ? row : null;
  }

  forSession(accountId: string, generation: number, sid: string): Promise<{ username: string; role: StaffRole } | null> {
    return this.accounts.forSession(accountId, generation, sid);
  }

  list(): Promise<StaffAccount[]> {
    return this.accounts.list();
  }

  async add(username: string, password: string, role: StaffRole, createdBy: string): Promise<StaffAccount> {
    const problem = passwordProblem(username, password);
    if (problem) throw new DomainError(ErrorCode.WEAK_PASSWORD, problem);
    const account = await this.accounts.insert({ id: randomUUID(), username, passwordHash: await hashPassword(password), role, createdBy });
    if (!account) throw new DomainError(ErrorCode.ACCOUNT_NAME_TAKEN, `There is already an account named ${username}.`);
    this.logger.log(`Account ${account.username} (${role}) created by ${createdBy}`);
    return account;
  }

  async change(id: string, change: { role?: StaffRole; disabled?: boolean; password?: string }, by: string): Promise<StaffAccount> {
    const current = await this.accounts.find(id);
    if (!current) throw new NotFoundError('The account');
    let account = current;
    if (change.password !== undefined) {
      const problem = passwordProblem(current.username, change.password);
      if (problem) throw new DomainError(ErrorCode.WEAK_PASSWORD, problem);
    }
    if (change.role !== undefined || change.disabled !== undefined) {
      const updated = await this.accounts.update(id, { role: change.role, disabled: change.disabled });
      if (updated === null) throw new NotFoundError('The account');
      if (updated === 'last-owner') {
        throw new DomainError(
          ErrorCode.LAST_OWNER,
          `${current.username} is the only owner who can sign in; make another account an owner first.`,
        );
      }
      account = updated;
    }
    if (change.password !== undefined) account = (await this.accounts.setPassword(id, await hashPassword(change.password))) ?? account;
    this.changes.next(id);
    this.cluster.publish(ACCOUNTS_TOPIC, id);
    // Names and roles only: a password never reaches a log line.
    const what = [
      change.role !== undefined ? `role ${change.role}` : '',
      change.disabled !== undefined ? (change.disabled ? 'disabled' : 'enabled') : '',
      change.password !== undefined ? 'new password' : '',
    ].filter(Boolean);
    this.logger.log(`Account ${account.username} changed by ${by}: ${what.join(', ')}`);
    return account;
  }
}
