/**
 * The subset of JSON Schema our tool definitions use. The same schema objects are sent to Vapi (so the model
 * knows what to send) and checked here (so the handlers accept exactly that): one source, never two copies.
 */
export interface JsonSchema {
  type: 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array';
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
  minLength?: number;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/**
 * Checks and lightly coerces model-produced arguments: numbers given as strings ("2"), enums in another case
 * ("Delivery"), strings trimmed. Unknown properties are dropped (models add them); missing required ones are
 * reported by name so the assistant knows what to ask the caller for.
 */
export function parseArgs<T>(schema: JsonSchema, input: unknown): ParseResult<T> {
  const problems: string[] = [];
  const value = check(schema, input, '', problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: value as T };
}

function check(schema: JsonSchema, input: unknown, path: string, problems: string[]): unknown {
  const name = path || 'arguments';
  switch (schema.type) {
    case 'object': {
      if (input === null || typeof input !== 'object' || Array.isArray(input)) {
        problems.push(`${name} must be an object`);
        return undefined;
      }
      const out: Record<string, unknown> = {};
      const record = input as Record<string, unknown>;
      for (const [key, sub] of Object.entries(schema.properties ?? {})) {
        const raw = record[key];
        const childPath = path ? `${path}.${key}` : key;
        if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
          if (schema.required?.includes(key)) problems.push(`${childPath} is required`);
          continue;
        }
        const v = check(sub, raw, childPath, problems);
        if (v !== undefined) out[key] = v;
      }
      return out;
    }
    case 'array': {
      if (!Array.isArray(input)) {
        problems.push(`${name} must be a list`);
        return undefined;
      }
      if (schema.minItems !== undefined && input.length < schema.minItems) problems.push(`${name} needs at least ${schema.minItems}`);
      if (schema.maxItems !== undefined && input.length > schema.maxItems) problems.push(`${name} can have at most ${schema.maxItems}`);
      return input.map((item, i) => check(schema.items!, item, `${name}[${i}]`, problems));
    }
    case 'integer':
    case 'number': {
      const n = typeof input === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(input) ? Number(input) : input;
      if (typeof n !== 'number' || !Number.isFinite(n) || (schema.type === 'integer' && !Number.isInteger(n))) {
        problems.push(`${name} must be a ${schema.type === 'integer' ? 'whole number' : 'number'}`);
        return undefined;
      }
      if (schema.minimum !== undefined && n < schema.minimum) problems.push(`${name} must be at least ${schema.minimum}`);
      if (schema.maximum !== undefined && n > schema.maximum) problems.push(`${name} must be at most ${schema.maximum}`);
      return n;
    }
    case 'boolean': {
      if (typeof input === 'boolean') return input;
      if (input === 'true' || input === 'false') return input === 'true';
      problems.push(`${name} must be true or false`);
      return undefined;
    }
    case 'string': {
      if (typeof input !== 'string' && typeof input !== 'number') {
        problems.push(`${name} must be text`);
        return undefined;
      }
      let s = String(input).trim();
      if (schema.enum) {
        const match = schema.enum.find((e) => e.toLowerCase() === s.toLowerCase());
        if (!match) {
          problems.push(`${name} must be one of ${schema.enum.join(', ')}`);
          return undefined;
        }
        s = match;
      }
      if (schema.minLength !== undefined && s.length < schema.minLength) problems.push(`${name} is too short`);
      if (schema.maxLength !== undefined && s.length > schema.maxLength)
        problems.push(`${name} must be at most ${schema.maxLength} characters`);
      return s;
    }
  }
}

/** Arguments as Vapi sends them: an object (doc examples) or a JSON string (spec and SDK). */
export function decodeArguments(raw: unknown): { ok: true; value: unknown } | { ok: false } {
  if (raw === undefined || raw === null || raw === '') return { ok: true, value: {} };
  if (typeof raw === 'string') {
    try {
      return { ok: true, value: JSON.parse(raw) };
    } catch {
      return { ok: false };
    }
  }
  return { ok: true, value: raw };
}
