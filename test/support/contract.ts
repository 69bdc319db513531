/**
 * The contract check of the e2e suites: every answer the app under test sends for a route of `openapi.json` is
 * checked against the document (its status is listed for that operation; a JSON body matches the schema listed for
 * that status; any other body has a listed content type). The check sits in the server (a Fastify onSend hook that
 * createTestApp installs), so it sees the answers to the typed client, to supertest and to raw sockets alike.
 * A file whose app sent an answer the document does not describe fails when the app closes, with the list.
 *
 * The operations a file exercised are written to CONTRACT_COVERAGE_DIR when it is set (test/run.mjs sets it for the
 * e2e runs and prints the operations that no file exercised).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FormatsPlugin } from 'ajv-formats';
import type { AnySchema, ErrorObject, ValidateFunction } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// ajv-formats is CommonJS whose types claim a default export; required, it is the plugin under every module setting.
const addFormats = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin;

const DOCUMENT_ID = 'openapi.json';
type Method = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

interface MediaType {
  schema?: object;
  example?: unknown;
}
interface Response {
  content?: Record<string, MediaType>;
}
interface Operation {
  operationId: string;
  responses: Record<string, Response>;
  requestBody?: { content?: Record<string, MediaType> };
}
interface Document {
  paths: Record<string, Partial<Record<Method, Operation>>>;
  components?: object;
}

/** The document, with a validator for every schema it lists (compiled once, on first use). */
export class Contract {
  readonly document: Document;
  private readonly ajv;
  private readonly validators = new Map<object, ValidateFunction>();

  constructor(document: Document = JSON.parse(readFileSync(DOCUMENT_ID, 'utf8')) as Document) {
    this.document = document;
    // OpenAPI 3.1 schemas are JSON Schema 2020-12; `example` and the `x-` extensions are not keywords of it.
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: document.components ?? {} });
  }

  /** The operation of a Fastify route (`/api/orders/:id` → `/api/orders/{id}`), or undefined when not documented. */
  operationOf(method: string, routeUrl: string): Operation | undefined {
    const path = routeUrl.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    return this.document.paths[path]?.[method.toLowerCase() as Method];
  }

  /**
   * The problems of one answer to an operation (none when the document describes it). `text` is the body when it
   * was sent whole (a streamed body, such as a workbook download, is checked by status and content type only).
   */
  check(operation: Operation, status: number, contentType: string | undefined, hasBody: boolean, text?: string): string[] {
    const response = operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`] ?? operation.responses.default;
    if (!response) return [`status ${status} is not listed (listed: ${Object.keys(operation.responses).join(', ')})`];
    const listed = Object.keys(response.content ?? {});
    if (listed.length === 0) return hasBody ? [`status ${status} lists no body, but one was sent`] : [];
    const mediaType = contentType?.split(';')[0].trim().toLowerCase();
    if (!mediaType || !listed.includes(mediaType))
      return [`content type ${mediaType ?? '(none)'} is not listed (listed: ${listed.join(', ')})`];
    const schema = response.content?.[mediaType]?.schema;
    if (!schema || mediaType !== 'application/json' || text === undefined) return [];
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return ['the body is not JSON'];
    }
    return this.problems(schema, value);
  }

  /** The schema's complaints about a value, one line each (`/items/0/quantity must be integer`). */
  problems(schema: object, value: unknown): string[] {
    const validate = this.validators.get(schema) ?? this.ajv.compile(withDocumentRefs(schema));
    this.validators.set(schema, validate);
    return validate(value)
      ? []
      : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '(body)'} ${e.message ?? e.keyword}`);
  }
}

/** `#/components/...` inside a schema names the document's components, which the validator holds under its id. */
function withDocumentRefs(schema: object): AnySchema {
  return JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${DOCUMENT_ID}#/`)) as AnySchema;
}

let shared: Contract | undefined;
const contract = () => (shared ??= new Contract());

/** What one app saw: the operations it answered and the answers the document does not describe. */
export interface ContractRecorder {
  exercised: Set<string>;
  violations: string[];
}

/** Checks every answer of `fastify` against the document (createTestApp calls this before the app listens). */
export function recordContract(fastify: FastifyInstance): ContractRecorder {
  const recorder: ContractRecorder = { exercised: new Set(), violations: [] };
  fastify.addHook('onSend', async (request, reply, payload) => {
    const routeUrl = request.routeOptions.url;
    const operation = routeUrl === undefined ? undefined : contract().operationOf(request.method, routeUrl);
    if (!operation) return payload;
    recorder.exercised.add(operation.operationId);
    const contentType = reply.getHeader('content-type');
    const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
    const hasBody = payload !== undefined && payload !== null && payload !== '';
    const problems = contract().check(
      operation,
      reply.statusCode,
      typeof contentType === 'string' ? contentType : undefined,
      hasBody,
      text,
    );
    for (const problem of problems) {
      recorder.violations.push(`${operation.operationId} (${request.method} ${request.url}) answered ${reply.statusCode}: ${problem}`);
    }
    return payload;
  });
  return recorder;
}

/** Throws with every answer the document does not describe; writes the operations exercised for test/run.mjs. */
export function finishContract(recorder: ContractRecorder, testFile = currentTestFile()): void {
  const dir = process.env.CONTRACT_COVERAGE_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    const name = `${testFile.replace(/[^A-Za-z0-9.-]+/g, '_')}-${process.pid}-${Date.now()}.json`;
    writeFileSync(join(dir, name), JSON.stringify({ file: testFile, exercised: [...recorder.exercised].sort() }));
  }
  if (recorder.violations.length > 0) {
    throw new Error(
      `The app sent ${recorder.violations.length} answer(s) that openapi.json does not describe:\n${recorder.violations.map((v) => `  - ${v}`).join('\n')}`,
    );
  }
}

function currentTestFile(): string {
  const state = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState();
  return state?.testPath?.replace(`${process.cwd()}/`, '') ?? 'unknown';
}
