import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { api, expectStatus, type ApiClient, type ApiSchema } from './api.js';

export const VAPI_TEST_SECRET = 'test-vapi-secret-0123456789';
export const VAPI_TEST_HMAC_SECRET = 'test-vapi-hmac-secret-0123456789';

/** A Vapi fixture from test/fixtures/vapi, parsed fresh each time (tests may change it); T: the parts a test reads. */
export function vapiFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'vapi', `${name}.json`), 'utf8'));
}

/** A server message as the API's document describes it (what the typed client accepts). */
export type VapiBody = ApiSchema<'VapiServerMessageDto'>;
export type VapiReplyBody = ApiSchema<'VapiReplyDto'>;

/** The typed client of the app with Vapi's X-Vapi-Secret credential: messages that fit the document go through it. */
export function vapiClient(url: string, secret = VAPI_TEST_SECRET): ApiClient {
  return api(url, { headers: { 'X-Vapi-Secret': secret } });
}

/** Sends a documented message through the typed client and returns the JSON answer, after checking it is a 200. */
export async function sendVapi(url: string, body: VapiBody): Promise<VapiReplyBody> {
  const reply = await expectStatus(vapiClient(url).POST('/webhook/vapi', { body }), 200);
  if (typeof reply !== 'object') throw new Error(`expected a JSON answer, got ${JSON.stringify(reply)}`);
  return reply;
}

/** POSTs anything as a server message, the way Vapi does with the X-Vapi-Secret credential (for bodies off the document). */
export function postVapi(url: string, body: unknown, secret = VAPI_TEST_SECRET) {
  return request(url).post('/webhook/vapi').set('Content-Type', 'application/json').set('X-Vapi-Secret', secret).send(JSON.stringify(body));
}

/** POSTs a server message signed like Vapi's HMAC credential: hex HMAC-SHA256 of `{timestamp}.{body}`. */
export function postVapiSigned(url: string, body: unknown, opts: { secret?: string; timestamp?: string; tamper?: boolean } = {}) {
  const raw = JSON.stringify(body);
  const timestamp = opts.timestamp ?? String(Date.now());
  const signature = createHmac('sha256', opts.secret ?? VAPI_TEST_HMAC_SECRET)
    .update(`${timestamp}.${raw}`)
    .digest('hex');
  return request(url)
    .post('/webhook/vapi')
    .set('Content-Type', 'application/json')
    .set('x-signature', signature)
    .set('x-timestamp', timestamp)
    .send(opts.tamper ? raw.replace('}', ' }') : raw);
}

/** Arguments as Vapi sends them: an object, or the JSON string of one. */
export type ToolArguments = Record<string, unknown> | string;

export interface ToolCallInput {
  name: string;
  args: ToolArguments;
  id?: string;
}

let counter = 0;

/** A tool-calls message in Vapi's shape; arguments are sent as given (object or JSON string). */
export function toolCallsMessage(calls: ToolCallInput[], opts: { callId?: string; phone?: string | null; alias?: boolean } = {}): VapiBody {
  const callId = opts.callId ?? 'call-e2e-default';
  const phone = opts.phone === undefined ? '+12065550142' : opts.phone;
  const list = calls.map((c) => ({
    id: c.id ?? `call_tool_${++counter}`,
    type: 'function',
    function: { name: c.name, arguments: c.args },
  }));
  return {
    message: {
      type: 'tool-calls',
      timestamp: Date.now(),
      call: { id: callId, type: 'inboundPhoneCall', status: 'in-progress', ...(phone && { customer: { number: phone } }) },
      ...(phone && { customer: { number: phone } }),
      [opts.alias ? 'toolCalls' : 'toolCallList']: list,
    },
  };
}

/** The voice settings both voice e2e files run with (the assistant they build is the README's example). */
export const VOICE_TEST_ENV: Record<string, string> = {
  VAPI_SECRET: VAPI_TEST_SECRET,
  VAPI_CREDENTIAL_ID: '',
  PUBLIC_BASE_URL: 'https://orders.example.com',
  VAPI_MODEL_PROVIDER: 'openai',
  VAPI_MODEL: 'gpt-4o-mini',
  VAPI_VOICE_PROVIDER: 'vapi',
  VAPI_VOICE_ID: 'Elliot',
  VAPI_FIRST_MESSAGE: '',
  RESTAURANT_PHONE: '+12065550100',
};
