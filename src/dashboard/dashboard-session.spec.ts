import { SessionCodec } from './dashboard-session.js';

describe('SessionCodec', () => {
  let now = 1_700_000_000_000;
  const codec = () => new SessionCodec('secret-0123456789-0123456789-0123', 'staff', 'pw', () => now);

  it('accepts its own cookie until it expires', () => {
    const c = codec();
    const { cookie } = c.issue('staff', 60_000);
    expect(c.verify(cookie)?.user).toBe('staff');
    now += 60_000;
    expect(c.verify(cookie)).toBeNull();
  });

  it('refuses a tampered payload, a foreign signature and garbage', () => {
    const c = codec();
    const { cookie } = c.issue('staff', 60_000);
    const [payload, sig] = cookie.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), user: 'root' })).toString(
      'base64url',
    );
    expect(c.verify(`${forged}.${sig}`)).toBeNull();
    const other = new SessionCodec('another-secret-0123456789-01234567', 'staff', 'pw', () => now);
    expect(other.verify(cookie)).toBeNull();
    expect(c.verify('x.y.z')).toBeNull();
    expect(c.verify('')).toBeNull();
    expect(c.verify(undefined)).toBeNull();
  });

  it('logs everyone out when the password changes', () => {
    const { cookie } = codec().issue('staff', 60_000);
    expect(new SessionCodec('secret-0123456789-0123456789-0123', 'staff', 'new-pw', () => now).verify(cookie)).toBeNull();
  });

  it('derives a CSRF token per session and checks it in constant time', () => {
    const c = codec();
    const a = c.issue('staff', 60_000).session;
    const b = c.issue('staff', 60_000).session;
    expect(c.checkCsrf(a, c.csrfToken(a))).toBe(true);
    expect(c.checkCsrf(a, c.csrfToken(b))).toBe(false);
    expect(c.checkCsrf(a, undefined)).toBe(false);
  });
});
