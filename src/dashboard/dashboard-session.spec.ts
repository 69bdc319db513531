import { checkCsrf, csrfToken, decodeSession, encodeSession, newSession, sessionKey } from './dashboard-session.js';

describe('dashboard session', () => {
  const now = 1_700_000_000_000;
  const cfg = { sessionSecret: 'secret-0123456789-0123456789-0123' };
  const account = { id: '7c0c8a53-7a43-4a51-8d3c-2f0f5d1b9e11', generation: 3 };

  it('reads back its own session (account and generation) until it expires', () => {
    const session = newSession(account, 60_000, now);
    expect(decodeSession(encodeSession(session), now)).toEqual({ ...session, aid: account.id, gen: 3 });
    expect(decodeSession(encodeSession(session), now + 60_000)).toBeNull();
  });

  it('never writes a name or a role into the cookie: both are read from the account on every request', () => {
    const session = { ...newSession(account, 60_000, now), user: 'maria', role: 'owner' };
    const decoded = JSON.parse(Buffer.from(encodeSession(session), 'base64url').toString()) as Record<string, unknown>;
    expect(Object.keys(decoded).sort()).toEqual(['aid', 'expiresAt', 'gen', 'issuedAt', 'sid']);
  });

  it('refuses garbage, a payload without the fields and an over-long cookie', () => {
    expect(decodeSession('%%%', now)).toBeNull();
    expect(decodeSession(Buffer.from('null').toString('base64url'), now)).toBeNull();
    expect(decodeSession(Buffer.from(JSON.stringify({ user: 'staff', expiresAt: now + 1 })).toString('base64url'), now)).toBeNull();
    const noGeneration = { sid: 'x', aid: account.id, expiresAt: now + 1 };
    expect(decodeSession(Buffer.from(JSON.stringify(noGeneration)).toString('base64url'), now)).toBeNull();
    expect(decodeSession('a'.repeat(1001), now)).toBeNull();
    expect(decodeSession(undefined, now)).toBeNull();
  });

  it('signs with a key that changes with the secret (which logs everyone out)', () => {
    expect(sessionKey(cfg)).toBe(sessionKey({ ...cfg }));
    expect(sessionKey({ sessionSecret: 'another-secret-0123456789-01234567' })).not.toBe(sessionKey(cfg));
  });

  it('derives a CSRF token per session and checks it in constant time', () => {
    const key = sessionKey(cfg);
    const a = newSession(account, 60_000, now);
    const b = newSession(account, 60_000, now);
    expect(checkCsrf(key, a, csrfToken(key, a))).toBe(true);
    expect(checkCsrf(key, a, csrfToken(key, b))).toBe(false);
    expect(checkCsrf(sessionKey({ sessionSecret: 'another-secret-0123456789-01234567' }), a, csrfToken(key, a))).toBe(false);
    expect(checkCsrf(key, a, undefined)).toBe(false);
  });
});
