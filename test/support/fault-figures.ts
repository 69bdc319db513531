import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where fault suites leave their figures; `test/faults/figures-reporter.js` prints them after the run. */
export const FIGURES_FILE = join(import.meta.dirname, '..', '..', 'test-artifacts', 'faults', 'figures.jsonl');

export type FigureRow = Record<string, string | number>;

/** Records one table (a title and rows of equal columns) to be printed at the end of the fault run. */
export function recordFigures(title: string, rows: FigureRow[]): void {
  mkdirSync(join(FIGURES_FILE, '..'), { recursive: true });
  appendFileSync(FIGURES_FILE, `${JSON.stringify({ title, rows })}\n`);
}
