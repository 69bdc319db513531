import { afterAll, expect } from '@jest/globals';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** Where fault suites leave their figures; `test/faults/figures-reporter.cjs` prints them after the run. */
export const FIGURES_FILE = join(ROOT, 'test-artifacts', 'faults', 'figures.jsonl');

export type FigureRow = Record<string, string | number>;

/**
 * Records one table (a title and rows of equal columns) to be printed at the end of the fault run, with the
 * test file it came from (the reporter keeps a file's figures only when all of that file's tests passed).
 */
export function recordFigures(title: string, rows: FigureRow[]): void {
  const testPath = expect.getState().testPath;
  const file = testPath ? relative(ROOT, testPath) : 'unknown';
  mkdirSync(join(FIGURES_FILE, '..'), { recursive: true });
  appendFileSync(FIGURES_FILE, `${JSON.stringify({ file, title, rows })}\n`);
}

/**
 * A table a test file fills in while its tests run: a row is added when a test starts measuring and its cells
 * are counted up as things are observed, and the table is recorded after the file's tests, passed or not, so
 * a test that fails still shows what it saw. Create it at the top of a file or in a `describe`.
 */
export class FigureTable<R extends FigureRow = FigureRow> {
  readonly rows: R[] = [];

  constructor(readonly title: string) {
    afterAll(() => {
      if (this.rows.length > 0) recordFigures(this.title, this.rows);
    });
  }

  /** Adds a row now and returns it to be filled in. */
  row(row: R): R {
    this.rows.push(row);
    return row;
  }
}

/** A row of responses by status class, counted from the statuses actually received. */
export interface StatusCounts {
  requests: number;
  '2xx': number;
  '3xx': number;
  '4xx': number;
  '5xx': number;
  'no response': number;
}

export const noStatuses = (): StatusCounts => ({ requests: 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, 'no response': 0 });

/** Counts received statuses into a row (a status outside 200-599, or none, counts as "no response"). */
export function countStatuses(row: StatusCounts, statuses: (number | null | undefined)[]): void {
  for (const status of statuses) {
    row.requests++;
    const bucket = status ? `${Math.floor(status / 100)}xx` : '';
    if (bucket === '2xx' || bucket === '3xx' || bucket === '4xx' || bucket === '5xx') row[bucket]++;
    else row['no response']++;
  }
}

/**
 * One row of checks, counted as they run: `passed` goes up only after a check's own `expect` returned, so a
 * check that fails leaves `passed < cases` in the figures (and fails its test through that `expect`).
 * `cases` is the number of checks the test will make when it is known up front (from what the run found,
 * such as the routes in the OpenAPI document), else the number attempted so far.
 */
export class Checks<F extends FigureRow = FigureRow> {
  private attempted = 0;
  /** The row as recorded: the given fields (fill them in as the test observes), then `cases` and `passed`. */
  readonly row: F & { cases: number; passed: number };

  constructor(
    table: FigureTable,
    fields: F,
    private readonly planned?: number,
  ) {
    this.row = { ...fields, cases: planned ?? 0, passed: 0 };
    table.row(this.row);
  }

  /** Runs one check (a function that calls `expect`); counts it as passed once it returns, or once its promise resolves. */
  that<T>(check: () => T): T {
    this.attempted++;
    this.row.cases = Math.max(this.planned ?? 0, this.attempted);
    const result = check();
    if (result instanceof Promise) return result.then((value: unknown) => (this.row.passed++, value)) as T;
    this.row.passed++;
    return result;
  }
}
