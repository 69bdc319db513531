import { registerAs } from '@nestjs/config';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

export const STAGES = ['development', 'staging', 'production'] as const;
export type Stage = (typeof STAGES)[number];
export type RawEnv = Record<string, string | undefined>;

/**
 * One namespace of settings: a class-validator schema for the raw strings, a builder that turns them into
 * typed values, and stage rules (what staging/production demand). Every section is validated together at
 * boot so a misconfigured deployment hears about every problem in one message.
 */
export interface ConfigSection<T> {
  key: string;
  schema: new () => object;
  build(env: RawEnv, stage: Stage): T;
  /** Problems that depend on the stage or on several settings at once; empty when fine. */
  check?(value: T, stage: Stage, env: RawEnv): string[];
}

/**
 * The section as a `registerAs` factory: a class injects it typed, `@Inject(fooConfig.KEY) foo: ConfigType<typeof fooConfig>`,
 * never by a string key. `.section` is the schema and rules, for the boot-time validation and the specs.
 */
export function defineSection<T extends object>(section: ConfigSection<T>) {
  const factory = registerAs(section.key, () => section.build(process.env, stageOf(process.env)));
  return Object.assign(factory, { section });
}

export function stageOf(env: RawEnv): Stage {
  const mode = (env.ENV_MODE ?? 'development').trim();
  return (STAGES as readonly string[]).includes(mode) ? (mode as Stage) : 'development';
}

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => [...Object.values(e.constraints ?? {}), ...flatten(e.children ?? [])]);
}

/** Runs every section's schema and stage rules; returns all problems, not just the first. */
export function collectProblems(sections: ConfigSection<unknown>[], rawEnv: RawEnv): string[] {
  const problems: string[] = [];
  // An empty value (`DATABASE_URL=` in a file) means "not set".
  const env = Object.fromEntries(Object.entries(rawEnv).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const mode = env.ENV_MODE;
  if (mode !== undefined && !(STAGES as readonly string[]).includes(mode)) {
    problems.push(`ENV_MODE must be one of ${STAGES.join(', ')} (got "${mode}")`);
  }
  const stage = stageOf(env);
  for (const section of sections) {
    const schemaProblems = flatten(validateSync(plainToInstance(section.schema, env), { forbidUnknownValues: false }));
    problems.push(...schemaProblems);
    try {
      const value = section.build(env, stage);
      problems.push(...(section.check?.(value, stage, env) ?? []));
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
  }
  return problems;
}

export function parseBool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value.trim() === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());
}

export function parseIntOr(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  return Number.parseInt(value, 10);
}

export function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
