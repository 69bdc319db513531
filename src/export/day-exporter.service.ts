import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { exportConfig } from '@/config/export.config.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import { OrdersRepository } from '@/orders/orders.repository.js';
import { toExportRow } from './export-row.js';
import { FileLocks } from './file-lock.js';
import { removeStrayTempFiles, workbookFileName, writeWorkbookAtomically } from './workbook-file.js';

export interface DayExportResult {
  day: string;
  rows: number;
  /** Orders whose pending change this write carried (and marked exported). */
  exported: number;
  ms: number;
}

/**
 * Makes `orders-D.xlsx` equal to the database for day D. Under the file's lock it reads every order of the
 * day, writes the workbook atomically, then marks exported exactly the versions it wrote
 * (`... AND version = <written>`), so a change that lands during the write stays pending for the next job.
 *
 * Regenerating from the database instead of merging into the old file: a merge has to read and rewrite the
 * whole workbook anyway (exceljs has no in-place update), reading xlsx is slower than one indexed query, and
 * a rebuild can never carry a duplicate or a stale row forward. Loading inside the lock keeps writes
 * monotonic: no writer can replace a newer snapshot with an older one.
 */
@Injectable()
export class DayExporter {
  private readonly logger = new Logger(DayExporter.name);
  private readonly locks: FileLocks;

  constructor(
    private readonly orders: OrdersRepository,
    @Inject(exportConfig.KEY) private readonly config: ConfigType<typeof exportConfig>,
    @Inject(restaurantConfig.KEY) private readonly restaurant: ConfigType<typeof restaurantConfig>,
  ) {
    this.locks = new FileLocks({ staleMs: this.config.lockStaleMs, acquireTimeoutMs: this.config.lockAcquireTimeoutMs });
  }

  fileFor(day: string): string {
    return join(this.config.dir, workbookFileName(day));
  }

  async exportDay(day: string): Promise<DayExportResult> {
    const started = Date.now();
    await mkdir(this.config.dir, { recursive: true });
    const target = this.fileFor(day);
    const result = await this.locks.withLock(target, async (lock) => {
      const strays = await removeStrayTempFiles(target);
      if (strays.length > 0) this.logger.warn(`Removed ${strays.length} temp file(s) an interrupted write left for ${day}`);
      const orders = await this.orders.findDayForExport(day);
      if (orders.length === 0) return { rows: 0, exported: 0 };
      const pending = orders.filter((o) => o.version > o.exportedVersion);
      if (pending.length === 0 && (await exists(target))) return { rows: orders.length, exported: 0 };
      const currency = orders[0].currency.trim() || this.restaurant.currency;
      const lines = await this.orders.findDayLinesForExport(day);
      const rows = orders.map((o) => toExportRow({ ...o, items: lines.get(o.id) ?? [] }, this.restaurant.timezone));
      await writeWorkbookAtomically(target, rows, currency, () => lock.assertHeld());
      lock.assertHeld();
      await this.orders.markExported(pending);
      return { rows: orders.length, exported: pending.length };
    });
    return { day, ...result, ms: Date.now() - started };
  }

  /** Business days with changes the workbook does not show yet. */
  pendingDays(): Promise<string[]> {
    return this.orders.findUnexportedDays();
  }

  /** Count of pending orders and the age of the oldest pending change. */
  backlog(): Promise<{ unexportedOrders: number; oldestUnexportedAt: string | null }> {
    return this.orders.exportBacklog();
  }

  hasOrders(day: string): Promise<boolean> {
    return this.orders.hasOrdersOn(day);
  }

  /** Orders of that day whose changes the workbook does not show yet. */
  pendingOrders(day: string): Promise<number> {
    return this.orders.countUnexported(day);
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
