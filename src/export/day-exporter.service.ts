import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { ExportConfig } from '@/config/export.config.js';
import type { RestaurantConfig } from '@/config/restaurant.config.js';
import { ExportOrder, toExportRow } from './export-row.js';
import { FileLocks } from './file-lock.js';
import { removeStrayTempFiles, workbookFileName, writeWorkbookAtomically } from './workbook-file.js';

export interface DayExportResult {
  day: string;
  rows: number;
  /** Orders whose pending change this write carried (and marked exported). */
  exported: number;
  ms: number;
}

interface OrderRow {
  id: string;
  order_number: string;
  created_at: Date;
  customer_name: string;
  customer_phone: string;
  channel: string;
  fulfillment: string;
  delivery_address: string | null;
  delivery_formatted_address: string | null;
  subtotal_cents: number;
  delivery_fee_cents: number;
  tax_cents: number;
  total_cents: number;
  currency: string;
  status: string;
  payment_status: string;
  version: number;
  exported_version: number;
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
  private readonly config: ExportConfig;
  private readonly restaurant: RestaurantConfig;
  private readonly locks: FileLocks;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: ConfigService,
  ) {
    this.config = config.getOrThrow<ExportConfig>('export');
    this.restaurant = config.getOrThrow<RestaurantConfig>('restaurant');
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
      const orders = await this.loadDay(day);
      if (orders.length === 0) return { rows: 0, exported: 0 };
      const pending = orders.filter((o) => o.version > o.exported_version);
      if (pending.length === 0 && (await exists(target))) return { rows: orders.length, exported: 0 };
      const currency = orders[0].currency.trim() || this.restaurant.currency;
      const items = await this.loadItems(day);
      const rows = orders.map((o) => toExportRow(toExportOrder(o, items.get(o.id) ?? []), this.restaurant.timezone));
      await writeWorkbookAtomically(target, rows, currency, () => lock.assertHeld());
      lock.assertHeld();
      await this.markExported(pending);
      return { rows: orders.length, exported: pending.length };
    });
    return { day, ...result, ms: Date.now() - started };
  }

  /** Business days with changes the workbook does not show yet (uses the partial index ix_orders_unexported). */
  async pendingDays(): Promise<string[]> {
    const rows: { day: string }[] = await this.dataSource.query(
      `SELECT DISTINCT to_char(business_date, 'YYYY-MM-DD') AS day FROM orders WHERE version > exported_version ORDER BY 1`,
    );
    return rows.map((r) => r.day);
  }

  /** Count of pending orders and the age of the oldest pending change. */
  async backlog(): Promise<{ unexportedOrders: number; oldestUnexportedAt: string | null }> {
    const [row]: { n: number; oldest: Date | null }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n, min(updated_at) AS oldest FROM orders WHERE version > exported_version`,
    );
    return { unexportedOrders: row.n, oldestUnexportedAt: row.oldest ? new Date(row.oldest).toISOString() : null };
  }

  async hasOrders(day: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM orders WHERE business_date = $1 LIMIT 1`, [day]);
    return rows.length > 0;
  }

  private loadDay(day: string): Promise<OrderRow[]> {
    return this.dataSource.query(
      `SELECT id, order_number, created_at, customer_name, customer_phone, channel, fulfillment, delivery_address,
              delivery_formatted_address, subtotal_cents, delivery_fee_cents, tax_cents, total_cents, currency,
              status, payment_status, version, exported_version
         FROM orders WHERE business_date = $1 ORDER BY created_at, order_number`,
      [day],
    );
  }

  private async loadItems(day: string): Promise<Map<string, ExportOrder['items']>> {
    const rows: { order_id: string; name: string; quantity: number; notes: string | null }[] = await this.dataSource.query(
      `SELECT i.order_id, i.name, i.quantity, i.notes FROM order_items i JOIN orders o ON o.id = i.order_id
        WHERE o.business_date = $1 ORDER BY i.order_id, i.position`,
      [day],
    );
    const byOrder = new Map<string, ExportOrder['items']>();
    for (const r of rows) {
      const list = byOrder.get(r.order_id) ?? [];
      list.push({ name: r.name, quantity: r.quantity, notes: r.notes });
      byOrder.set(r.order_id, list);
    }
    return byOrder;
  }

  private async markExported(pending: OrderRow[]): Promise<void> {
    const chunk = 5000;
    for (let i = 0; i < pending.length; i += chunk) {
      const part = pending.slice(i, i + chunk);
      await this.dataSource.query(
        `UPDATE orders o SET exported_version = x.v
           FROM (SELECT unnest($1::uuid[]) AS id, unnest($2::int[]) AS v) x
          WHERE o.id = x.id AND o.version = x.v AND o.exported_version < x.v`,
        [part.map((o) => o.id), part.map((o) => o.version)],
      );
    }
  }
}

function toExportOrder(o: OrderRow, items: ExportOrder['items']): ExportOrder {
  return {
    id: o.id,
    orderNumber: o.order_number,
    createdAt: new Date(o.created_at),
    customerName: o.customer_name,
    customerPhone: o.customer_phone,
    channel: o.channel,
    fulfillment: o.fulfillment,
    deliveryAddress: o.delivery_address,
    deliveryFormattedAddress: o.delivery_formatted_address,
    items,
    subtotalCents: o.subtotal_cents,
    deliveryFeeCents: o.delivery_fee_cents,
    taxCents: o.tax_cents,
    totalCents: o.total_cents,
    currency: o.currency,
    status: o.status,
    paymentStatus: o.payment_status,
  };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
