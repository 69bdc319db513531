import { NotifierFailure, SentText } from './notifier.js';

/** How long and how often a text is tried (settings TEXT_*). */
export interface TextRetryPolicy {
  maxAttempts: number;
  firstRetryDelayMs: number;
}

/** No wait between two sends is longer than this: a text an hour late is worth little, one later is worth nothing. */
export const MAX_TEXT_RETRY_DELAY_MS = 3600 * 1000;

/** The wait after the `failedAttempts`-th failed send (1 = the first): doubling, capped. */
export function textRetryDelayMs(failedAttempts: number, policy: TextRetryPolicy): number {
  return Math.min(policy.firstRetryDelayMs * 2 ** (failedAttempts - 1), MAX_TEXT_RETRY_DELAY_MS);
}

/** What becomes of a claimed text after send number `attempt` (1-based) ended with `outcome`. */
export type SendDecision =
  | { status: 'sent'; providerId: string }
  | { status: 'pending'; lastError: string; retryInMs: number }
  | { status: 'failed'; lastError: string };

export function afterSend(attempt: number, outcome: SentText | NotifierFailure, policy: TextRetryPolicy): SendDecision {
  if (!(outcome instanceof NotifierFailure)) return { status: 'sent', providerId: outcome.providerId };
  if (outcome.retryable && attempt < policy.maxAttempts) {
    return {
      status: 'pending',
      lastError: `Attempt ${attempt} of ${policy.maxAttempts}: ${outcome.reason}`,
      retryInMs: textRetryDelayMs(attempt, policy),
    };
  }
  const why = outcome.retryable ? `Gave up after ${attempt} attempt(s)` : 'Not sent';
  return { status: 'failed', lastError: `${why}: ${outcome.reason}` };
}

/**
 * A claim whose lease ran out: the process that held it stopped somewhere between claiming and recording. It may
 * have handed the text to the provider, so it is never sent again (at most once); the order shows it as failed.
 */
export const LEASE_LAPSED =
  'The sending process stopped before it recorded the outcome; the text may or may not have reached the customer and is not sent again';

/** The keywords of Twilio's standard opt-out handling (case-insensitive, the whole message). */
const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const OPT_IN = new Set(['START', 'UNSTOP', 'YES']);

/** What an inbound text asks for: opt out, opt back in, or nothing we act on. */
export function consentKeyword(body: string | undefined): { action: 'opt-out' | 'opt-in'; keyword: string } | null {
  const word = (body ?? '')
    .trim()
    .replace(/[.!\s]+$/, '')
    .toUpperCase();
  if (OPT_OUT.has(word)) return { action: 'opt-out', keyword: word };
  if (OPT_IN.has(word)) return { action: 'opt-in', keyword: word };
  return null;
}
