// Jest reporter for `npm run test:faults`: prints the figures the fault suites recorded
// (test/support/fault-figures.ts) as small tables once every file has run, and writes them, with whether each
// file's tests all passed, to test-artifacts/faults/figures.json.
// With FAULT_FIGURES_SAVE=<file> (`npm run test:faults:figures` sets test/faults/figures.json, which is committed
// and which the README's fault tables are generated from by bench/readme-tables.mjs), the figures of every file
// whose tests all ran and passed replace that file's entry there; entries of files that did not run stay.
const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join, relative, resolve } = require('node:path');

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'faults');
const FILE = join(ARTIFACTS, 'figures.jsonl');

function table(rows) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = [columns, ...rows.map((r) => columns.map((c) => String(r[c] ?? '')))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row) => row.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

class FiguresReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunStart() {
    rmSync(FILE, { force: true });
  }

  onRunComplete(_contexts, results) {
    if (!existsSync(FILE)) return;
    const tables = readFileSync(FILE, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const out = ['', '=== fault suite figures ==='];
    for (const t of tables) out.push('', `${t.title}  (${t.file})`, table(t.rows));
    process.stdout.write(`${out.join('\n')}\n\n`);

    // A file's figures stand for a passing run only when every one of its tests ran and passed.
    const passed = new Set(
      results.testResults
        .filter(
          (r) => !r.testExecError && r.numFailingTests === 0 && r.numPendingTests === 0 && r.numTodoTests === 0 && r.numPassingTests > 0,
        )
        .map((r) => relative(this.rootDir, r.testFilePath)),
    );
    const recordedAt = new Date().toISOString();
    const byFile = {};
    for (const t of tables) {
      byFile[t.file] ??= { passed: passed.has(t.file), recordedAt, node: process.version, tables: [] };
      byFile[t.file].tables.push({ title: t.title, rows: t.rows });
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'figures.json'), `${JSON.stringify({ files: byFile }, null, 2)}\n`);

    const save = process.env.FAULT_FIGURES_SAVE;
    if (!save) return;
    const target = resolve(this.rootDir, save);
    const saved = existsSync(target) ? JSON.parse(readFileSync(target, 'utf8')) : { files: {} };
    const kept = Object.entries(byFile).filter(([, f]) => f.passed);
    for (const [file, { recordedAt: at, node, tables: recorded }] of kept) saved.files[file] = { recordedAt: at, node, tables: recorded };
    saved.files = Object.fromEntries(Object.entries(saved.files).sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(target, `${JSON.stringify(saved, null, 2)}\n`);
    const skipped = Object.keys(byFile).filter((f) => !byFile[f].passed);
    process.stdout.write(
      `Figures of ${kept.map(([f]) => f).join(', ') || 'no file'} saved to ${save}` +
        (skipped.length ? `; not saved (a test failed or was skipped): ${skipped.join(', ')}` : '') +
        '\n',
    );
  }
}

module.exports = FiguresReporter;
