/**
 * The approach DESIGN.md rejects, run by bench/export-bench.ts in a process of its own so its peak memory is its
 * own: for each of `reps` orders, read the whole workbook `file` (already holding the rows), append one row and
 * write it back. Prints one JSON line: milliseconds per order, and the process's peak RSS (`maxRSS` of
 * process.resourceUsage(): the most it ever held, not what it holds at the end).
 *
 *   node --import @swc-node/register/esm-register bench/naive-append.ts <file> <reps>
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { toExportRow } from '@/export/export-row.js';
import { NAIVE_SAMPLE_ORDER, NAIVE_TZ } from './naive-sample.js';

const [file, repsArg] = process.argv.slice(2);
const reps = Number(repsArg);
if (!file || !(reps > 0)) throw new Error('usage: naive-append.ts <file> <reps>');

const started = process.hrtime.bigint();
for (let r = 0; r < reps; r++) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  wb.getWorksheet('Orders')!.addRow(toExportRow({ ...NAIVE_SAMPLE_ORDER, id: randomUUID() }, NAIVE_TZ));
  await wb.xlsx.writeFile(file);
}
const msPerOrder = Number(process.hrtime.bigint() - started) / 1e6 / reps;
console.log(JSON.stringify({ msPerOrder, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
