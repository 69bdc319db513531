/**
 * The e2e suites call the API through the typed client generated from openapi.json (src/client), so a test that
 * sends what the document does not define does not compile. Requests that are off the contract on purpose (bad
 * input, forged signatures, raw bytes) stay on supertest; the server-side contract check (contract.ts) sees both.
 */
import { createApiClient, type ApiClient } from '@/client/api-client.js';
import type { ApiSchema } from '@/client/api-client.js';
import { ADMIN_TOKEN } from './test-app.js';

export type { ApiClient, ApiSchema };
export type ApiError = ApiSchema<'ErrorDto'>;

/** A client of the app at `url`; `{ admin: true }` sends the test app's admin token. */
export function api(url: string, { admin = false, headers }: { admin?: boolean; headers?: Record<string, string> } = {}): ApiClient {
  return createApiClient(url, { token: admin ? ADMIN_TOKEN : undefined, headers });
}

/** What an openapi-fetch call resolves to. */
export interface Answer<Data, Error> {
  data?: Data;
  error?: Error;
  response: Response;
}

async function withStatus<Data, Error>(call: Promise<Answer<Data, Error>>, status: number): Promise<Answer<Data, Error>> {
  const answer = await call;
  const { data, error, response } = answer;
  if (response.status !== status) {
    throw new Error(`expected ${status}, got ${response.status} from ${response.url}: ${JSON.stringify(error ?? data)}`);
  }
  return answer;
}

/** The body of an answer after checking its status (the error body is in the message when the status differs). */
export async function expectStatus<Data, Error>(call: Promise<Answer<Data, Error>>, status: number): Promise<Data> {
  return (await withStatus(call, status)).data as Data;
}

/** The body and the headers of an answer after checking its status, for a test that reads a response header. */
export async function expectAnswer<Data, Error>(
  call: Promise<Answer<Data, Error>>,
  status: number,
): Promise<{ body: Data; headers: Headers }> {
  const { data, response } = await withStatus(call, status);
  return { body: data as Data, headers: response.headers };
}

/** The error body of an answer after checking its status. */
export async function expectError<Data, Error>(call: Promise<Answer<Data, Error>>, status: number): Promise<ApiError> {
  return (await withStatus(call, status)).error as ApiError;
}
