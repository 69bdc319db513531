import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import twilio from 'twilio';
import { DomainError, ErrorCode } from '@/common/domain-error.js';
import { appConfig } from '@/config/app.config.js';
import { notificationsConfig } from '@/config/notifications.config.js';
import { consentKeyword } from './outbox-policy.js';
import { OutboundMessagesRepository } from './outbound-messages.repository.js';

export const TWILIO_WEBHOOK_PATH = '/webhook/twilio';

/** An empty TwiML answer: Twilio sends nothing back to the customer (its own opt-out replies aside). */
export const EMPTY_TWIML = new twilio.twiml.MessagingResponse().toString();

/** Inbound texts from Twilio: STOP and START, the customer's consent to our texts. */
@Injectable()
export class TwilioWebhookService {
  private readonly logger = new Logger('Texts');
  /** The URL Twilio signs: the one configured on the number, i.e. this server's public address. */
  private readonly url: string;

  constructor(
    private readonly texts: OutboundMessagesRepository,
    @Inject(notificationsConfig.KEY) private readonly config: ConfigType<typeof notificationsConfig>,
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
  ) {
    this.url = `${app.publicBaseUrl}${TWILIO_WEBHOOK_PATH}`;
  }

  /**
   * The form fields of a request Twilio signed (X-Twilio-Signature over the URL and the sorted fields, with the
   * account's Auth Token), else WEBHOOK_SIGNATURE_INVALID. The body is read from the raw bytes: the app parses
   * forms only on the dashboard's sign-in (common/request-body.ts), and the signature covers the fields as sent.
   */
  verify(rawBody: Buffer | undefined, signature: string | undefined): Record<string, string> {
    if (!this.config.twilioAuthToken) throw refused('Twilio webhooks are not accepted: TWILIO_AUTH_TOKEN is not set.');
    if (!signature) throw refused('The X-Twilio-Signature header is missing.');
    const params: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(rawBody?.toString('utf8') ?? '')) params[key] = value;
    if (!twilio.validateRequest(this.config.twilioAuthToken, signature, this.url, params)) {
      throw refused('The X-Twilio-Signature does not match this request.');
    }
    return params;
  }

  /** Records an opt-out or opt-in asked for by the text; answers with empty TwiML. */
  async handle(params: Record<string, string>): Promise<string> {
    const consent = consentKeyword(params.Body);
    const from = params.From;
    if (consent && from) {
      if (consent.action === 'opt-out') await this.texts.optOut(from, consent.keyword);
      else await this.texts.optIn(from);
      this.logger.log(`${from} ${consent.action === 'opt-out' ? 'opted out of' : 'opted back in to'} texts (${consent.keyword})`);
    }
    return EMPTY_TWIML;
  }
}

function refused(message: string): DomainError {
  return new DomainError(ErrorCode.WEBHOOK_SIGNATURE_INVALID, message);
}
