import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '@/common/safe-equal.js';
import type { DashboardConfig } from '@/config/dashboard.config.js';

export const SESSION_COOKIE = 'ros_dashboard';
export const CSRF_HEADER = 'x-csrf-token';

/** Longest session cookie accepted; anything longer is not one of ours. */
const MAX_COOKIE_LENGTH = 1000;

export interface DashboardSession {
  /** Random id of this login; the CSRF token is derived from it. */
  sid: string;
  user: string;
  issuedAt: number;
  expiresAt: number;
}

/**
 * The key the session cookie is signed with (by @fastify/cookie) and the CSRF tokens are derived from. It
 * comes from DASHBOARD_SESSION_SECRET *and* the configured credentials, so rotating the secret or changing
 * the password logs every browser out.
 */
export function sessionKey(cfg: Pick<DashboardConfig, 'sessionSecret' | 'user' | 'password'>): string {
  return createHmac('sha256', cfg.sessionSecret).update(`dashboard-session\0${cfg.user}\0${cfg.password}`).digest('base64url');
}

/**
 * Stateless session: `base64url(json)`, which the cookie carries signed. Logout is recorded in PostgreSQL
 * (DashboardAuthService), so every replica honours it.
 */
export function newSession(user: string, ttlMs: number, now = Date.now()): DashboardSession {
  return { sid: randomBytes(16).toString('base64url'), user, issuedAt: now, expiresAt: now + ttlMs };
}

export function encodeSession(session: DashboardSession): string {
  return Buffer.from(JSON.stringify(session)).toString('base64url');
}

/** The session in a cookie whose signature was checked; null for anything malformed or expired. */
export function decodeSession(payload: string | null | undefined, now = Date.now()): DashboardSession | null {
  if (!payload || payload.length > MAX_COOKIE_LENGTH) return null;
  let session: DashboardSession;
  try {
    session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as DashboardSession;
  } catch {
    return null;
  }
  if (typeof session?.sid !== 'string' || typeof session.user !== 'string' || typeof session.expiresAt !== 'number') return null;
  return session.expiresAt > now ? session : null;
}

/** Per-session token the page sends back in `X-CSRF-Token` on every state-changing request. */
export function csrfToken(key: string, session: DashboardSession): string {
  return createHmac('sha256', key).update(`csrf\0${session.sid}`).digest('base64url');
}

export function checkCsrf(key: string, session: DashboardSession, token: string | undefined): boolean {
  return !!token && safeEqual(token, csrfToken(key, session));
}
