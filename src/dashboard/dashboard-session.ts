import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '@/common/safe-equal.js';
import type { DashboardConfig } from '@/config/dashboard.config.js';
import type { StaffRole } from './staff-roles.js';

export const SESSION_COOKIE = 'ros_dashboard';
export const CSRF_HEADER = 'x-csrf-token';

/** Longest session cookie accepted; anything longer is not one of ours. */
const MAX_COOKIE_LENGTH = 1000;

/** What the signed cookie carries: which login of which account, and until when. */
export interface SessionCookie {
  /** Random id of this login; the CSRF token is derived from it. */
  sid: string;
  /** The staff account signed in. */
  aid: string;
  /** The account's session generation at sign-in: a new password or disabling the account raises it. */
  gen: number;
  issuedAt: number;
  expiresAt: number;
}

/** A session that still counts, with the account's name and role as they are now (read on every request). */
export interface DashboardSession extends SessionCookie {
  user: string;
  role: StaffRole;
}

/**
 * The key the session cookie is signed with (by @fastify/cookie) and the CSRF tokens are derived from, so
 * rotating DASHBOARD_SESSION_SECRET logs every browser out. One account's sessions end through its generation.
 */
export function sessionKey(cfg: Pick<DashboardConfig, 'sessionSecret'>): string {
  return createHmac('sha256', cfg.sessionSecret).update('dashboard-session').digest('base64url');
}

/**
 * Stateless session: `base64url(json)`, which the cookie carries signed. Logout is recorded in PostgreSQL
 * (DashboardAuthService), so every replica honours it.
 */
export function newSession(account: { id: string; generation: number }, ttlMs: number, now = Date.now()): SessionCookie {
  return { sid: randomBytes(16).toString('base64url'), aid: account.id, gen: account.generation, issuedAt: now, expiresAt: now + ttlMs };
}

export function encodeSession(session: SessionCookie): string {
  const { sid, aid, gen, issuedAt, expiresAt } = session;
  return Buffer.from(JSON.stringify({ sid, aid, gen, issuedAt, expiresAt })).toString('base64url');
}

/** The session in a cookie whose signature was checked; null for anything malformed or expired. */
export function decodeSession(payload: string | null | undefined, now = Date.now()): SessionCookie | null {
  if (!payload || payload.length > MAX_COOKIE_LENGTH) return null;
  let session: SessionCookie;
  try {
    session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionCookie;
  } catch {
    return null;
  }
  if (typeof session?.sid !== 'string' || typeof session.aid !== 'string' || !Number.isInteger(session.gen)) return null;
  if (typeof session.expiresAt !== 'number') return null;
  return session.expiresAt > now ? session : null;
}

/** Per-session token the page sends back in `X-CSRF-Token` on every state-changing request. */
export function csrfToken(key: string, session: Pick<SessionCookie, 'sid'>): string {
  return createHmac('sha256', key).update(`csrf\0${session.sid}`).digest('base64url');
}

export function checkCsrf(key: string, session: Pick<SessionCookie, 'sid'>, token: string | undefined): boolean {
  return !!token && safeEqual(token, csrfToken(key, session));
}
