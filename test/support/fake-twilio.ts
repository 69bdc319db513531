import { randomBytes } from 'node:crypto';
import { FakeHttpServer, FakeReply, RecordedRequest } from './fake-http.js';

export const TEST_TWILIO_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const TEST_TWILIO_TOKEN = 'testTwilioAuthToken0123456789ab';
export const TEST_TWILIO_FROM = '+12065550100';

const MESSAGES = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/;

/** Answers like Twilio's Messages API for a create: 201 with the new message resource. */
export function twilioAnswer(req: RecordedRequest): FakeReply {
  const account = MESSAGES.exec(req.path)?.[1];
  if (req.method !== 'POST' || !account) return twilioError(404, 20404, 'The requested resource was not found');
  const now = new Date().toUTCString();
  return {
    status: 201,
    body: {
      sid: `SM${randomBytes(16).toString('hex')}`,
      account_sid: account,
      to: req.form.To,
      from: req.form.From,
      body: req.form.Body,
      status: 'queued',
      direction: 'outbound-api',
      num_segments: '1',
      date_created: now,
      date_updated: now,
      api_version: '2010-04-01',
      uri: `/2010-04-01/Accounts/${account}/Messages/SM.json`,
    },
  };
}

/** Twilio's error body (`code`, `message`, `more_info`, `status`). */
export function twilioError(status: number, code: number, message: string): FakeReply {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

export function createFakeTwilio(): Promise<FakeHttpServer> {
  return new FakeHttpServer(twilioAnswer).start();
}

/** The app settings that point the real Twilio adapter at a fake Twilio server. */
export function twilioDriverEnv(twilio: FakeHttpServer, timeoutMs = 1000): Record<string, string> {
  return {
    NOTIFIER_DRIVER: 'twilio',
    TWILIO_ACCOUNT_SID: TEST_TWILIO_SID,
    TWILIO_AUTH_TOKEN: TEST_TWILIO_TOKEN,
    TWILIO_FROM: TEST_TWILIO_FROM,
    TWILIO_API_URL: twilio.url,
    TWILIO_TIMEOUT_MS: String(timeoutMs),
  };
}
