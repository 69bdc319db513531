// Jest reporter for `npm run test:faults`: prints the figures the fault suites recorded
// (test/support/fault-figures.ts) as small tables once every file has run.
const { existsSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const FILE = join(__dirname, '..', '..', 'test-artifacts', 'faults', 'figures.jsonl');

function table(rows) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = [columns, ...rows.map((r) => columns.map((c) => String(r[c] ?? '')))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row) => row.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

class FiguresReporter {
  onRunStart() {
    rmSync(FILE, { force: true });
  }

  onRunComplete() {
    if (!existsSync(FILE)) return;
    const tables = readFileSync(FILE, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const out = ['', '=== fault suite figures ==='];
    for (const t of tables) out.push('', t.title, table(t.rows));
    process.stdout.write(`${out.join('\n')}\n\n`);
  }
}

module.exports = FiguresReporter;
