/**
 * The typed client of the REST API, generated from the contract: `api-types.ts` is written by `npm run openapi`
 * from `openapi.json`, and openapi-fetch turns it into `client.GET('/api/orders/{id}', ...)` calls whose paths,
 * parameters, bodies and answers are checked by the compiler. The e2e suites and `npm run voice:simulate` call the
 * API through it, so a change of the server that the document does not follow breaks the build. A client team
 * generates the same from `openapi.json` (README, "API contract").
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './api-types.js';

export type { components, operations, paths } from './api-types.js';
export type ApiClient = Client<paths>;
/** A schema of the document by name, e.g. `ApiSchema<'OrderDto'>`. */
export type ApiSchema<Name extends keyof components['schemas']> = components['schemas'][Name];

export interface ApiClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** The admin API token (`ADMIN_API_TOKEN`), sent as `Authorization: Bearer`, for the operations that need it. */
  token?: string;
}

export function createApiClient(baseUrl: string, { token, headers, ...options }: ApiClientOptions = {}): ApiClient {
  return createClient<paths>({
    baseUrl,
    ...options,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
}
