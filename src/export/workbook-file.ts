import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DATE_TIME_FORMAT, EXPORT_HEADER, ExportCell, moneyFormat, SHEET_NAME } from './export-row.js';

/** Rows committed between two turns of the event loop. */
const YIELD_EVERY_ROWS = 250;
const MONEY_COLUMNS = new Set(['Subtotal', 'Delivery Fee', 'Tax', 'Total', 'Refunded']);
const DATE_COLUMNS = new Set(['Created At', 'Promised For']);
const WIDTHS: Record<string, number> = {
  'Order ID': 38,
  'Order Number': 14,
  'Created At': 20,
  Customer: 24,
  Phone: 16,
  Address: 40,
  Items: 50,
  'Payment Status': 15,
  'Promised For': 19,
};

export function workbookFileName(day: string): string {
  return `orders-${day}.xlsx`;
}

/** Temp files live beside the target (same filesystem, so the rename is atomic) and carry its name. */
function tempPrefix(target: string): string {
  return `.${basename(target)}.`;
}

/**
 * Removes temp files a crashed writer left for `target`. Only call while holding the file's lock: then no
 * other writer can be producing one.
 */
export async function removeStrayTempFiles(target: string): Promise<string[]> {
  const prefix = tempPrefix(target);
  const names = await readdir(dirname(target)).catch(() => [] as string[]);
  const strays = names.filter((n) => n.startsWith(prefix) && n.endsWith('.tmp'));
  await Promise.all(strays.map((n) => rm(join(dirname(target), n), { force: true })));
  return strays;
}

/**
 * Writes the whole workbook to a temp file with exceljs' streaming writer (rows are flushed as they are
 * added, so memory stays flat), fsyncs it, runs `beforeReplace` (the caller's last chance to abort, e.g.
 * a lost lock), renames it over `target` and fsyncs the folder. A reader or a crash sees the old complete
 * file or the new complete file, never a partial one.
 */
export async function writeWorkbookAtomically(
  target: string,
  rows: Iterable<ExportCell[]>,
  currency: string,
  beforeReplace: () => void = () => undefined,
): Promise<void> {
  const temp = join(dirname(target), `${tempPrefix(target)}${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: temp, useStyles: true, useSharedStrings: false });
    workbook.creator = 'Restaurant ordering system';
    const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
    const money = moneyFormat(currency);
    sheet.columns = EXPORT_HEADER.map((header) => ({
      header,
      width: WIDTHS[header] ?? 12,
      style: MONEY_COLUMNS.has(header) ? { numFmt: money } : DATE_COLUMNS.has(header) ? { numFmt: DATE_TIME_FORMAT } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    let pending = 0;
    for (const row of rows) {
      sheet.addRow(row).commit();
      // Yield now and then: the zip stream drains, and proper-lockfile's refresh timer keeps running during a
      // long write (a blocked event loop is what makes a lock go stale under its holder).
      if (++pending % YIELD_EVERY_ROWS === 0) await new Promise((r) => setImmediate(r));
    }
    sheet.commit();
    await workbook.commit();

    const handle = await open(temp, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    beforeReplace();
    await rename(temp, target);
    await syncFolder(dirname(target));
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    await handle.close();
  }
}
