import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';

export const VAPI_TEST_SECRET = 'test-vapi-secret-0123456789';
export const VAPI_TEST_HMAC_SECRET = 'test-vapi-hmac-secret-0123456789';

/** A Vapi fixture from test/fixtures/vapi, parsed fresh each time (tests may change it); T: the parts a test reads. */
export function vapiFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'vapi', `${name}.json`), 'utf8'));
}

/** POSTs a server message the way Vapi does with the X-Vapi-Secret credential. */
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

export interface ToolCallInput {
  name: string;
  args: unknown;
  id?: string;
}

let counter = 0;

/** A tool-calls message in Vapi's shape; arguments are sent as given (object or JSON string). */
export function toolCallsMessage(calls: ToolCallInput[], opts: { callId?: string; phone?: string | null; alias?: boolean } = {}) {
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
