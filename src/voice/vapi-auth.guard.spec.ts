import { createHmac } from 'node:crypto';
import { verifyVapiRequest } from './vapi-auth.guard.js';

const body = Buffer.from('{"message":{"type":"status-update","status":"in-progress"}}');
const now = Date.UTC(2026, 0, 1, 12, 0, 0);
const sign = (secret: string, ts: string, raw: Buffer = body) =>
  createHmac('sha256', secret).update(`${ts}.${raw.toString()}`).digest('hex');

describe('verifyVapiRequest', () => {
  const both = { secret: 'shared-secret-value', hmacSecret: 'hmac-secret-value', hmacToleranceSeconds: 300 };

  it('accepts X-Vapi-Secret and Authorization: Bearer with the shared secret, nothing else', () => {
    expect(verifyVapiRequest({ 'x-vapi-secret': 'shared-secret-value' }, body, both, now)).toBe(true);
    expect(verifyVapiRequest({ authorization: 'Bearer shared-secret-value' }, body, both, now)).toBe(true);
    expect(verifyVapiRequest({ 'x-vapi-secret': 'shared-secret-valuE' }, body, both, now)).toBe(false);
    expect(verifyVapiRequest({ 'x-vapi-secret': 'shared-secret-value ' }, body, both, now)).toBe(false);
    expect(verifyVapiRequest({ 'x-vapi-secret': '' }, body, both, now)).toBe(false);
    expect(verifyVapiRequest({}, body, both, now)).toBe(false);
  });

  it('accepts an HMAC signature with a timestamp in seconds or milliseconds', () => {
    const s = String(now / 1000);
    const ms = String(now);
    expect(verifyVapiRequest({ 'x-signature': sign('hmac-secret-value', s), 'x-timestamp': s }, body, both, now)).toBe(true);
    expect(verifyVapiRequest({ 'x-signature': sign('hmac-secret-value', ms), 'x-timestamp': ms }, body, both, now)).toBe(true);
    expect(
      verifyVapiRequest({ 'x-signature': `sha256=${sign('hmac-secret-value', s).toUpperCase()}`, 'x-timestamp': s }, body, both, now),
    ).toBe(true);
  });

  it('refuses a wrong key, a changed body, a signature for another timestamp, or no timestamp', () => {
    const s = String(now / 1000);
    expect(verifyVapiRequest({ 'x-signature': sign('other', s), 'x-timestamp': s }, body, both, now)).toBe(false);
    expect(
      verifyVapiRequest({ 'x-signature': sign('hmac-secret-value', s), 'x-timestamp': s }, Buffer.from('{"message":{}}'), both, now),
    ).toBe(false);
    expect(verifyVapiRequest({ 'x-signature': sign('hmac-secret-value', s), 'x-timestamp': String(now / 1000 + 1) }, body, both, now)).toBe(
      false,
    );
    expect(verifyVapiRequest({ 'x-signature': sign('hmac-secret-value', s) }, body, both, now)).toBe(false);
    expect(verifyVapiRequest({ 'x-signature': sign('hmac-secret-value', 'abc'), 'x-timestamp': 'abc' }, body, both, now)).toBe(false);
  });

  it('refuses a timestamp more than five minutes off, either way', () => {
    for (const offset of [-301, 301]) {
      const ts = String(now / 1000 + offset);
      expect(verifyVapiRequest({ 'x-signature': sign('hmac-secret-value', ts), 'x-timestamp': ts }, body, both, now)).toBe(false);
    }
    const edge = String(now / 1000 - 299);
    expect(verifyVapiRequest({ 'x-signature': sign('hmac-secret-value', edge), 'x-timestamp': edge }, body, both, now)).toBe(true);
  });

  it('refuses everything when no secret is configured, and ignores a credential kind that is not configured', () => {
    const none = { secret: null, hmacSecret: null, hmacToleranceSeconds: 300 };
    expect(verifyVapiRequest({ 'x-vapi-secret': '' }, body, none, now)).toBe(false);
    const s = String(now / 1000);
    const hmacOnly = { ...none, hmacSecret: 'hmac-secret-value' };
    expect(verifyVapiRequest({ 'x-vapi-secret': 'shared-secret-value' }, body, hmacOnly, now)).toBe(false);
    expect(verifyVapiRequest({ 'x-signature': sign('hmac-secret-value', s), 'x-timestamp': s }, body, hmacOnly, now)).toBe(true);
    const secretOnly = { ...none, secret: 'shared-secret-value' };
    expect(verifyVapiRequest({ 'x-signature': sign('hmac-secret-value', s), 'x-timestamp': s }, body, secretOnly, now)).toBe(false);
  });
});
