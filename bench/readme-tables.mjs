#!/usr/bin/env node
// `node bench/readme-tables.mjs [--check]`: the README's tables of measured figures, generated from the committed
// files that hold them, so a table cannot drift from its data:
//   <!-- bench:* -->   from bench/results/latest.json (written by `npm run bench`, which also runs this)
//   <!-- faults:* -->  from test/faults/figures.json (written by `npm run test:faults:figures`, which also runs this)
// Each block sits between `<!-- name ... -->` and `<!-- /name -->`; everything outside the blocks is left as it is.
// Without --check the README is rewritten (formatted by Prettier, as `npm run format` would); with --check
// (part of `npm run lint`) it exits 1 when the README differs from what the data gives.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { benchHeading, benchRows, exportBenchGoals, exportBenchRows, markdownTable } from './tables.mjs';

const ROOT = join(import.meta.dirname, '..');
const README = join(ROOT, 'README.md');
export const BENCH_DATA = 'bench/results/latest.json';
export const FAULTS_DATA = 'test/faults/figures.json';

const readJson = (file) => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));

/** A fault file's recorded tables, with where and when they were recorded. */
function faultFile(name) {
  const file = `test/faults/${name}.faults-spec.ts`;
  const entry = readJson(FAULTS_DATA).files[file];
  if (!entry) throw new Error(`${FAULTS_DATA} holds no figures of ${file}: run \`npm run test:faults:figures\``);
  const table = (prefix) => {
    const t = entry.tables.find((x) => x.title.startsWith(prefix));
    if (!t) throw new Error(`${FAULTS_DATA}: ${file} recorded no table "${prefix}..."`);
    return t;
  };
  return { source: `Recorded ${entry.recordedAt.slice(0, 10)} by \`${file}\` (${FAULTS_DATA}):`, table };
}

/** Sums the numeric columns of rows into one row (the first column says how many rows). */
function totals(rows, label) {
  const total = { [label]: rows.length };
  for (const r of rows) for (const [k, v] of Object.entries(r)) if (typeof v === 'number') total[k] = (total[k] ?? 0) + v;
  return total;
}

const blocks = {
  'bench:latest': () => {
    const r = readJson(BENCH_DATA);
    return `${benchHeading(r)}; from \`${BENCH_DATA}\`:\n\n${markdownTable(benchRows(r))}`;
  },
  'bench:export': () => {
    const r = readJson(BENCH_DATA);
    const x = r.sections.exportBench;
    if (!x || x.error) return `The latest \`npm run bench\` has no \`bench:export\` result${x?.error ? ` (${x.error})` : ''}.`;
    return [
      `${benchHeading(r)}, ${x.orders.toLocaleString('en-US')} orders; from \`${BENCH_DATA}\`:`,
      markdownTable(exportBenchRows(x)),
      markdownTable(exportBenchGoals(x)),
    ].join('\n\n');
  },
  'faults:load': () => {
    const { source, table } = faultFile('load');
    return [
      source,
      markdownTable(table('Faults under load: requests per phase').rows),
      markdownTable(table('Faults under load: outcome').rows),
    ].join('\n\n');
  },
  'faults:concurrency': () => {
    const { source, table } = faultFile('concurrency');
    return `${source}\n\n${markdownTable(table('Concurrency').rows)}`;
  },
  'faults:fuzz': () => {
    const { source, table } = faultFile('fuzz');
    const fuzz = table('Fuzz');
    return `${source}\n\n${fuzz.title}, all routes together:\n\n${markdownTable([totals(fuzz.rows, 'routes')])}`;
  },
  'faults:security': () => {
    const { source, table } = faultFile('security');
    return `${source}\n\n${markdownTable(table('Security checks').rows)}`;
  },
};

/** A paragraph wrapped at the README's width (Prettier leaves prose as it is). */
function wrap(paragraph, width = 115) {
  const lines = [];
  for (const word of paragraph.split(/\s+/)) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

const BLOCK = /<!-- ((?:bench|faults):[\w-]+)((?: [^>]*)?) -->\n[\s\S]*?<!-- \/\1 -->/g;

/** The README with every generated block rendered from its data, formatted by Prettier. */
export async function renderReadme(text) {
  const seen = new Set();
  const out = text.replace(BLOCK, (_whole, name, note) => {
    const render = blocks[name];
    if (!render) throw new Error(`README.md: no generator for the block <!-- ${name} --> (bench/readme-tables.mjs)`);
    seen.add(name);
    const text = render()
      .split('\n\n')
      .map((part) => (part.startsWith('|') ? part : wrap(part)))
      .join('\n\n');
    return `<!-- ${name}${note} -->\n\n${text}\n\n<!-- /${name} -->`;
  });
  const missing = Object.keys(blocks).filter((b) => !seen.has(b));
  if (missing.length > 0)
    throw new Error(`README.md lacks the generated block(s) ${missing.join(', ')} (<!-- name --> ... <!-- /name -->)`);
  const options = await prettier.resolveConfig(README);
  return prettier.format(out, { ...options, filepath: README });
}

/** Rewrites the README's generated blocks; true when anything changed. */
export async function writeReadmeTables() {
  const text = readFileSync(README, 'utf8');
  const next = await renderReadme(text);
  if (next === text) return false;
  writeFileSync(README, next);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const text = readFileSync(README, 'utf8');
    const next = await renderReadme(text);
    if (next !== text) {
      const a = text.split('\n');
      const b = next.split('\n');
      const at = a.findIndex((line, i) => line !== b[i]);
      console.error(
        `README.md differs from the tables generated from ${BENCH_DATA} and ${FAULTS_DATA} (first at line ${at + 1}):\n` +
          `  README:    ${a[at]}\n  generated: ${b[at]}\n` +
          'Tables of measured figures are generated, never edited: run `node bench/readme-tables.mjs` (or rerun what measures them).',
      );
      process.exit(1);
    }
    console.log(`README.md tables match ${BENCH_DATA} and ${FAULTS_DATA}`);
  } else {
    console.log((await writeReadmeTables()) ? 'README.md: generated tables rewritten' : 'README.md: generated tables already current');
  }
}
