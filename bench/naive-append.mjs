// The approach DESIGN.md rejects, run by bench/export-bench.ts in a process of its own so its peak memory is its
// own: for each of `reps` orders, read the whole workbook `file` (already holding the rows), append one row and
// write it back. Plain JavaScript on the build (dist/), as the worker runs, so no TypeScript loader weighs on its
// memory. Prints one JSON line: milliseconds per order, and the process's peak RSS (`maxRSS` of
// process.resourceUsage(): the most it ever held, not what it holds at the end).
//
//   node bench/naive-append.mjs <file> <reps> <order as JSON> <time zone>
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { toExportRow } from '../dist/export/export-row.js';

const [file, repsArg, orderJson, timeZone] = process.argv.slice(2);
const reps = Number(repsArg);
if (!file || !(reps > 0) || !orderJson || !timeZone) throw new Error('usage: naive-append.mjs <file> <reps> <order as JSON> <time zone>');
const parsed = JSON.parse(orderJson);
const order = { ...parsed, createdAt: new Date(parsed.createdAt) };

const started = process.hrtime.bigint();
for (let r = 0; r < reps; r++) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  wb.getWorksheet('Orders').addRow(toExportRow({ ...order, id: randomUUID() }, timeZone));
  await wb.xlsx.writeFile(file);
}
const msPerOrder = Number(process.hrtime.bigint() - started) / 1e6 / reps;
console.log(JSON.stringify({ msPerOrder, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
