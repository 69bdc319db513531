import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type * as TwilioHttp from 'twilio/lib/http/response.js';
import type { NotificationsConfig } from '@/config/notifications.config.js';
import { Notifier, NotifierFailure, SentText, TextMessage } from '../notifier.js';

const TWILIO_API = 'https://api.twilio.com';

/** Connection failures that prove the request never reached Twilio: asking again cannot text twice. */
const NOT_REACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Twilio's "attempt to send to unsubscribed recipient": the customer replied STOP to our number at Twilio. */
const OPTED_OUT = 21610;

/** Twilio's error codes that mean the recipient will not get texts from this number, whatever we do. */
const RECIPIENT_REFUSES: Record<number, string> = {
  21610: 'the recipient replied STOP to this sender',
  21211: 'the number is not a valid phone number',
  21614: 'the number cannot receive text messages',
};

/**
 * The SDK's own HTTP client, sending to another base URL than api.twilio.com. The SDK has no setting for it (edge
 * and region only change the host name under twilio.com); its documented seam is a custom `httpClient`.
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(
    private readonly base: string,
    options: ConstructorParameters<typeof twilio.RequestClient>[0],
  ) {
    super(options);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<TwilioHttp.default<TData>> {
    return super.request<TData>({ ...opts, uri: opts.uri.replace(/^https:\/\/[^/]+/, this.base) });
  }
}

/**
 * Twilio Programmable Messaging through the official SDK. Twilio takes no idempotency key for a message, so this
 * adapter never retries by itself (the SDK's autoRetry stays off); the outbox decides, knowing whether the request
 * may have reached Twilio (see NotifierFailure).
 */
export class TwilioNotifier extends Notifier {
  readonly provider = 'twilio';
  readonly client: twilio.Twilio;

  constructor(
    private readonly config: Pick<
      NotificationsConfig,
      'twilioAccountSid' | 'twilioAuthToken' | 'twilioFrom' | 'twilioApiUrl' | 'twilioTimeoutMs'
    >,
  ) {
    super();
    const options = { timeout: config.twilioTimeoutMs, autoRetry: false };
    this.client = twilio(config.twilioAccountSid, config.twilioAuthToken, {
      httpClient:
        config.twilioApiUrl === TWILIO_API ? new twilio.RequestClient(options) : new RebasedRequestClient(config.twilioApiUrl, options),
    });
  }

  async send(message: TextMessage): Promise<SentText> {
    try {
      const created = await this.client.messages.create({ to: message.to, from: this.config.twilioFrom, body: message.body });
      return { providerId: created.sid };
    } catch (err) {
      throw classify(err);
    }
  }
}

function classify(err: unknown): NotifierFailure {
  if (err instanceof twilio.RestException) {
    const why = `Twilio answered ${err.status}${err.code ? ` (error ${err.code})` : ''}: ${err.message}`;
    if (err.code !== undefined && RECIPIENT_REFUSES[err.code]) {
      return new NotifierFailure(`${why}; ${RECIPIENT_REFUSES[err.code]}`, false, err.code === OPTED_OUT);
    }
    // 429 and 5xx: Twilio did not take it. Any other 4xx will be refused again.
    return new NotifierFailure(why, err.status === 429 || err.status >= 500);
  }
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (code && NOT_REACHED.has(code)) return new NotifierFailure(`Twilio could not be reached (${code})`, true);
  // A timeout or a connection lost mid-request: Twilio may have queued the text. Not sent again (at most once).
  return new NotifierFailure(`No answer from Twilio (${code ?? message}); it may have been sent, so it is not sent again`, false);
}
