import { checkCsrf, csrfToken, decodeSession, encodeSession, newSession, sessionKey } from './dashboard-session.js';

describe('dashboard session', () => {
  const now = 1_700_000_000_000;
  const cfg = { sessionSecret: 'secret-0123456789-0123456789-0123', user: 'staff', password: 'pw' };

  it('reads back its own session until it expires', () => {
    const session = newSession('staff', 60_000, now);
    expect(decodeSession(encodeSession(session), now)).toEqual(session);
    expect(decodeSession(encodeSession(session), now + 60_000)).toBeNull();
  });

  it('refuses garbage, a payload without the fields and an over-long cookie', () => {
    expect(decodeSession('%%%', now)).toBeNull();
    expect(decodeSession(Buffer.from('null').toString('base64url'), now)).toBeNull();
    expect(decodeSession(Buffer.from(JSON.stringify({ user: 'staff', expiresAt: now + 1 })).toString('base64url'), now)).toBeNull();
    expect(decodeSession('a'.repeat(1001), now)).toBeNull();
    expect(decodeSession(undefined, now)).toBeNull();
  });

  it('signs with a key that changes with the secret and with the password (which logs everyone out)', () => {
    expect(sessionKey(cfg)).toBe(sessionKey({ ...cfg }));
    expect(sessionKey({ ...cfg, password: 'new-pw' })).not.toBe(sessionKey(cfg));
    expect(sessionKey({ ...cfg, sessionSecret: 'another-secret-0123456789-01234567' })).not.toBe(sessionKey(cfg));
  });

  it('derives a CSRF token per session and checks it in constant time', () => {
    const key = sessionKey(cfg);
    const a = newSession('staff', 60_000, now);
    const b = newSession('staff', 60_000, now);
    expect(checkCsrf(key, a, csrfToken(key, a))).toBe(true);
    expect(checkCsrf(key, a, csrfToken(key, b))).toBe(false);
    expect(checkCsrf(sessionKey({ ...cfg, password: 'new-pw' }), a, csrfToken(key, a))).toBe(false);
    expect(checkCsrf(key, a, undefined)).toBe(false);
  });
});
