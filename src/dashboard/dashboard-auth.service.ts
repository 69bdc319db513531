import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StaffAccountsService } from '@/accounts/staff-accounts.service.js';
import { type DashboardConfig, dashboardConfig } from '@/config/dashboard.config.js';
import { DASHBOARD_PATH } from './dashboard-plugins.js';
import {
  checkCsrf,
  csrfToken,
  DashboardSession,
  decodeSession,
  encodeSession,
  newSession,
  SESSION_COOKIE,
  sessionKey,
} from './dashboard-session.js';
import { LoginLimiter } from './login-limiter.js';
import { RevokedSessionsRepository } from './revoked-sessions.repository.js';

export type LoginOutcome =
  { ok: true; session: DashboardSession } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'locked'; retryAfterSeconds: number };

/** Staff login: credential check, login slow-down, the signed session cookie, CSRF tokens. */
@Injectable()
export class DashboardAuthService {
  private readonly cfg: DashboardConfig;
  private readonly key: string;
  private readonly cookie: { path: string; httpOnly: true; secure: boolean; sameSite: 'strict' };

  constructor(
    @Inject(dashboardConfig.KEY) dashboard: ConfigType<typeof dashboardConfig>,
    private readonly limiter: LoginLimiter,
    private readonly revokedSessions: RevokedSessionsRepository,
    private readonly accounts: StaffAccountsService,
  ) {
    this.cfg = dashboard;
    this.key = sessionKey(this.cfg);
    this.cookie = { path: DASHBOARD_PATH, httpOnly: true, secure: this.cfg.secureCookie, sameSite: 'strict' };
  }

  async login(username: string, password: string, ip: string, reply: FastifyReply): Promise<LoginOutcome> {
    const keys = [`ip:${ip}`.slice(0, 200), `user:${username.toLowerCase().slice(0, 60)}`];
    const wait = await this.limiter.waitFor(keys);
    if (wait > 0) return { ok: false, reason: 'locked', retryAfterSeconds: Math.ceil(wait / 1000) };
    const account = await this.accounts.authenticate(username, password);
    if (!account) {
      await this.limiter.recordFailure(keys);
      return { ok: false, reason: 'invalid' };
    }
    await this.limiter.recordSuccess(keys);
    const ttlMs = this.cfg.sessionHours * 3_600_000;
    const cookie = newSession({ id: account.id, generation: account.session_generation }, ttlMs);
    reply.setCookie(SESSION_COOKIE, encodeSession(cookie), { ...this.cookie, signed: true, maxAge: ttlMs / 1000 });
    const session: DashboardSession = { ...cookie, user: account.username, role: account.role };
    return { ok: true, session };
  }

  /** Whether anyone can sign in at all (staging and production start without accounts). */
  hasOwner(): Promise<boolean> {
    return this.accounts.hasOwner();
  }

  /** Ends the session on every replica: the id is kept (until the cookie would have expired) and refused. */
  async logout(session: DashboardSession | null, reply: FastifyReply): Promise<void> {
    if (session) {
      await this.revokedSessions.revoke(session.sid, session.expiresAt);
      await this.revokedSessions.forgetExpired();
    }
    reply.clearCookie(SESSION_COOKIE, this.cookie);
  }

  async sessionOf(req: FastifyRequest): Promise<DashboardSession | null> {
    const raw = req.headers.cookie ? req.server.parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
    const signed = raw ? req.unsignCookie(raw) : null;
    const cookie = signed?.valid ? decodeSession(signed.value) : null;
    if (!cookie) return null;
    // The account as it is now: disabled, given a new password or logged out, the session no longer counts.
    const account = await this.accounts.forSession(cookie.aid, cookie.gen, cookie.sid);
    return account ? { ...cookie, user: account.username, role: account.role } : null;
  }

  csrfToken(session: DashboardSession): string {
    return csrfToken(this.key, session);
  }

  checkCsrf(session: DashboardSession, token: string | undefined): boolean {
    return checkCsrf(this.key, session, token);
  }
}
