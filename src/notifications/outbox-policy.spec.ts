import { NotifierFailure } from './notifier.js';
import { afterSend, consentKeyword, MAX_TEXT_RETRY_DELAY_MS, textRetryDelayMs } from './outbox-policy.js';

const policy = { maxAttempts: 4, firstRetryDelayMs: 30_000 };

describe('outbox retry policy', () => {
  it('doubles the wait after each failed send, up to an hour', () => {
    expect([1, 2, 3, 4].map((n) => textRetryDelayMs(n, policy))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(textRetryDelayMs(20, policy)).toBe(MAX_TEXT_RETRY_DELAY_MS);
  });

  it('records a sent text with the provider id', () => {
    expect(afterSend(1, { providerId: 'SM123' }, policy)).toEqual({ status: 'sent', providerId: 'SM123' });
  });

  it('retries a failure the provider certainly did not take, with backoff, until the last attempt, then fails', () => {
    const outage = new NotifierFailure('Twilio answered 500', true);
    expect(afterSend(1, outage, policy)).toEqual({
      status: 'pending',
      lastError: 'Attempt 1 of 4: Twilio answered 500',
      retryInMs: 30_000,
    });
    expect(afterSend(3, outage, policy)).toEqual({
      status: 'pending',
      lastError: 'Attempt 3 of 4: Twilio answered 500',
      retryInMs: 120_000,
    });
    expect(afterSend(4, outage, policy)).toEqual({ status: 'failed', lastError: 'Gave up after 4 attempt(s): Twilio answered 500' });
  });

  it('never retries a refusal or a send that may have gone through', () => {
    expect(afterSend(1, new NotifierFailure('not a valid phone number', false), policy)).toEqual({
      status: 'failed',
      lastError: 'Not sent: not a valid phone number',
    });
    expect(afterSend(1, new NotifierFailure('No answer from Twilio', false), policy).status).toBe('failed');
  });
});

describe('consent keywords', () => {
  it("reads Twilio's opt-out and opt-in words, in any case, with stray spaces and a full stop", () => {
    for (const word of ['STOP', 'stop', ' Stop. ', 'STOPALL', 'unsubscribe', 'CANCEL', 'end', 'QUIT']) {
      expect([word, consentKeyword(word)?.action]).toEqual([word, 'opt-out']);
    }
    for (const word of ['START', 'unstop', 'Yes']) expect([word, consentKeyword(word)?.action]).toEqual([word, 'opt-in']);
  });

  it('ignores anything else, a keyword inside a sentence included', () => {
    for (const word of ['', 'hello', 'please stop texting me', 'STOP IT', undefined]) expect(consentKeyword(word)).toBeNull();
  });
});
