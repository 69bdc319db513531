import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '@/common/safe-equal.js';

export const SESSION_COOKIE = 'ros_dashboard';
export const CSRF_HEADER = 'x-csrf-token';

export interface DashboardSession {
  /** Random id of this login; the CSRF token is derived from it. */
  sid: string;
  user: string;
  issuedAt: number;
  expiresAt: number;
}

/**
 * Stateless signed session: `base64url(json).base64url(hmac)`. The HMAC key is derived from
 * DASHBOARD_SESSION_SECRET *and* the configured credentials, so rotating the secret or changing the password
 * logs every browser out. Logout is recorded in PostgreSQL (DashboardAuthService), so every replica honours it.
 */
export class SessionCodec {
  private readonly key: Buffer;

  constructor(
    secret: string,
    user: string,
    password: string,
    private readonly now: () => number = Date.now,
  ) {
    this.key = createHmac('sha256', secret).update(`dashboard-session\0${user}\0${password}`).digest();
  }

  issue(user: string, ttlMs: number): { cookie: string; session: DashboardSession } {
    const issuedAt = this.now();
    const session: DashboardSession = { sid: randomBytes(16).toString('base64url'), user, issuedAt, expiresAt: issuedAt + ttlMs };
    const payload = Buffer.from(JSON.stringify(session)).toString('base64url');
    return { cookie: `${payload}.${this.sign(payload)}`, session };
  }

  verify(cookie: string | undefined): DashboardSession | null {
    if (!cookie || cookie.length > 1000) return null;
    const [payload, signature, extra] = cookie.split('.');
    if (!payload || !signature || extra !== undefined) return null;
    if (!safeEqual(signature, this.sign(payload))) return null;
    let session: DashboardSession;
    try {
      session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as DashboardSession;
    } catch {
      return null;
    }
    if (typeof session.sid !== 'string' || typeof session.user !== 'string' || typeof session.expiresAt !== 'number') return null;
    if (session.expiresAt <= this.now()) return null;
    return session;
  }

  /** Per-session token the page sends back in `X-CSRF-Token` on every state-changing request. */
  csrfToken(session: DashboardSession): string {
    return createHmac('sha256', this.key).update(`csrf\0${session.sid}`).digest('base64url');
  }

  checkCsrf(session: DashboardSession, token: string | undefined): boolean {
    return !!token && safeEqual(token, this.csrfToken(session));
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
