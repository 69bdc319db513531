import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { safeEqual } from '@/common/safe-equal.js';
import { appConfig } from '@/config/app.config.js';
import { type DashboardConfig, dashboardConfig } from '@/config/dashboard.config.js';
import { setCookie } from './dashboard-http.js';
import { DashboardSession, SESSION_COOKIE, SessionCodec } from './dashboard-session.js';
import { LoginLimiter } from './login-limiter.js';
import { RevokedSessionsRepository } from './revoked-sessions.repository.js';

export const DASHBOARD_PATH = '/dashboard';

export type LoginOutcome =
  { ok: true; session: DashboardSession } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'locked'; retryAfterSeconds: number };

/** Staff login: credential check, login slow-down, the signed session cookie, CSRF and Origin checks. */
@Injectable()
export class DashboardAuthService {
  private readonly cfg: DashboardConfig;
  private readonly publicOrigin: string;
  readonly codec: SessionCodec;

  constructor(
    @Inject(dashboardConfig.KEY) dashboard: ConfigType<typeof dashboardConfig>,
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
    private readonly limiter: LoginLimiter,
    private readonly revokedSessions: RevokedSessionsRepository,
  ) {
    this.cfg = dashboard;
    this.publicOrigin = new URL(app.publicBaseUrl).origin;
    this.codec = new SessionCodec(this.cfg.sessionSecret, this.cfg.user, this.cfg.password);
  }

  async login(username: string, password: string, ip: string, reply: FastifyReply): Promise<LoginOutcome> {
    const keys = [`ip:${ip}`.slice(0, 200), `user:${username.toLowerCase().slice(0, 60)}`];
    const wait = await this.limiter.waitFor(keys);
    if (wait > 0) return { ok: false, reason: 'locked', retryAfterSeconds: Math.ceil(wait / 1000) };
    // Both comparisons always run, so the response time does not tell whether the user name was right.
    const userOk = safeEqual(username, this.cfg.user);
    const passwordOk = safeEqual(password, this.cfg.password);
    if (!userOk || !passwordOk) {
      await this.limiter.recordFailure(keys);
      return { ok: false, reason: 'invalid' };
    }
    await this.limiter.recordSuccess(keys);
    const { cookie, session } = this.codec.issue(this.cfg.user, this.cfg.sessionHours * 3_600_000);
    setCookie(reply, SESSION_COOKIE, cookie, {
      httpOnly: true,
      secure: this.cfg.secureCookie,
      path: DASHBOARD_PATH,
      maxAgeMs: this.cfg.sessionHours * 3_600_000,
    });
    return { ok: true, session };
  }

  /** Ends the session on every replica: the id is kept (until the cookie would have expired) and refused. */
  async logout(session: DashboardSession | null, reply: FastifyReply): Promise<void> {
    if (session) {
      await this.revokedSessions.revoke(session.sid, session.expiresAt);
      await this.revokedSessions.forgetExpired();
    }
    setCookie(reply, SESSION_COOKIE, '', { httpOnly: true, secure: this.cfg.secureCookie, path: DASHBOARD_PATH });
  }

  async sessionOf(req: FastifyRequest): Promise<DashboardSession | null> {
    const session = this.codec.verify(readCookie(req, SESSION_COOKIE));
    if (!session) return null;
    return (await this.revokedSessions.isRevoked(session.sid)) ? null : session;
  }

  csrfToken(session: DashboardSession): string {
    return this.codec.csrfToken(session);
  }

  checkCsrf(session: DashboardSession, token: string | undefined): boolean {
    return this.codec.checkCsrf(session, token);
  }

  /**
   * A browser names the page that sent a request in `Origin` (and `Sec-Fetch-Site`). A state-changing
   * request is accepted only from this site; clients that send neither header (curl, tests) pass here and
   * still need the session cookie (SameSite=Strict) and the CSRF token.
   */
  isSameOrigin(req: FastifyRequest): boolean {
    const site = req.headers['sec-fetch-site'];
    if (site && site !== 'same-origin' && site !== 'none') return false;
    const origin = req.headers.origin ?? refererOrigin((req.headers.referrer as string | undefined) || req.headers.referer);
    // Under `Referrer-Policy: no-referrer` a browser sends `Origin: null`; only Sec-Fetch-Site can vouch then.
    if (origin === 'null') return site === 'same-origin';
    if (!origin) return true;
    const own = `${req.protocol}://${req.headers.host}`;
    return origin === own || origin === this.publicOrigin;
  }
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'invalid';
  }
}

/** Reads one cookie from the header (cookie-parser is not installed app-wide; this is the only cookie). */
export function readCookie(req: { headers: FastifyRequest['headers'] }, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
