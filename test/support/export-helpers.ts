import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import { api, expectStatus, type ApiSchema } from './api.js';
import { fetchMenu, type OrderBody } from './orders.js';
import { ADMIN_TOKEN, TestApp } from './test-app.js';

export const XLSX_HEADER = [
  'Order ID',
  'Order Number',
  'Created At',
  'Customer',
  'Phone',
  'Channel',
  'Fulfillment',
  'Address',
  'Items',
  'Subtotal',
  'Delivery Fee',
  'Tax',
  'Total',
  'Currency',
  'Status',
  'Payment Status',
  'Promised For',
  'Refunded',
];

export interface SheetRow {
  [column: string]: unknown;
}

export interface ReadWorkbook {
  header: string[];
  rows: SheetRow[];
  sheet: ExcelJS.Worksheet;
}

/** Opens a workbook with exceljs (from a file or a downloaded buffer) and returns sheet `Orders` as objects. */
export async function readWorkbook(source: string | Buffer): Promise<ReadWorkbook> {
  const workbook = new ExcelJS.Workbook();
  if (typeof source === 'string') await workbook.xlsx.readFile(source);
  else await workbook.xlsx.load(source as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Orders');
  if (!sheet) throw new Error('sheet "Orders" is missing');
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: SheetRow[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i]])));
  });
  return { header, rows, sheet };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Timed out waiting for ${what}${lastError ? `: ${lastError instanceof Error ? String(lastError) : JSON.stringify(lastError)}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type PlacedOrder = ApiSchema<'OrderDto'>;

let menuCache: { url: string; ids: string[] } | null = null;

/** A cash pickup order of two dishes (the second 'no onions'), placed through the typed client. */
export async function placeOrder(baseUrl: string, overrides: Partial<OrderBody> = {}): Promise<PlacedOrder> {
  if (!menuCache || menuCache.url !== baseUrl) {
    menuCache = { url: baseUrl, ids: (await fetchMenu(baseUrl)).filter((m) => m.available).map((m) => m.id) };
  }
  const body: OrderBody = {
    customerName: 'Ada Lovelace',
    customerPhone: '+12065550142',
    fulfillment: 'pickup',
    paymentMethod: 'cash',
    items: [
      { menuItemId: menuCache.ids[0], quantity: 2 },
      { menuItemId: menuCache.ids[1], quantity: 1, notes: 'no onions' },
    ],
    ...overrides,
  };
  return expectStatus(api(baseUrl).POST('/api/orders', { body }), 201);
}

/** What the export helpers need of a database connection (a TypeORM DataSource or a pg Client wrapper). */
export interface Queryable {
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
}

/**
 * Waits until the workbook equals the database for `day`: the same ids exactly once, the same statuses. Throws at
 * once on a duplicate row.
 */
export async function workbookConverged(db: Queryable, workbookPath: string, day: string, timeoutMs = 60_000) {
  return waitFor(
    'the workbook to equal the database',
    async () => {
      if (!existsSync(workbookPath)) return null;
      const [wb, orders] = await Promise.all([
        readWorkbook(workbookPath),
        db.query<{ id: string; status: string; payment_status: string; total_cents: number }[]>(
          `SELECT id, status, payment_status, total_cents FROM orders WHERE business_date = $1`,
          [day],
        ),
      ]);
      const byId = new Map(wb.rows.map((r) => [r['Order ID'] as string, r]));
      if (byId.size !== wb.rows.length) throw new Error('duplicate rows in the workbook');
      if (wb.rows.length !== orders.length) return null;
      const same = orders.every((o) => byId.get(o.id)?.Status === o.status && byId.get(o.id)?.['Payment Status'] === o.payment_status);
      return same ? { wb, orders } : null;
    },
    timeoutMs,
  );
}

/**
 * Commits `count` orders of `day` straight into the database, copied from one of the day's orders, without
 * announcing them to the export queue (as a crash between commit and enqueue would leave them; the reconciler
 * finds them). `tag` (one letter) keeps the order numbers apart from other batches.
 */
export async function insertOrdersDirectly(db: Queryable, day: string, count: number, tag: string): Promise<void> {
  await db.query(
    `WITH src AS (SELECT * FROM orders WHERE business_date = $1 ORDER BY created_at LIMIT 1),
          ins AS (
            INSERT INTO orders (id, order_number, status, payment_status, payment_method, channel, fulfillment,
              customer_name, customer_phone, subtotal_cents, delivery_fee_cents, tax_cents, total_cents, currency,
              business_date, created_at, updated_at)
            SELECT gen_random_uuid(), $3::text || lpad(g::text, 6, '0'), 'received', 'unpaid', 'cash', 'web', 'pickup',
              'Bulk ' || g, src.customer_phone, src.subtotal_cents, 0, src.tax_cents, src.total_cents, src.currency,
              src.business_date, now(), now()
            FROM src, generate_series(1, $2::int) g RETURNING id)
     INSERT INTO order_items (id, order_id, position, menu_item_id, name, unit_price_cents, quantity, line_total_cents)
     SELECT gen_random_uuid(), ins.id, 0, gen_random_uuid(), 'Margherita', 1000, 1, 1000 FROM ins`,
    [day, count, tag],
  );
}

/**
 * Environment of an export worker process beside the test's API `t` (same database, data folder and export
 * settings `env`, and the restaurant settings createTestApp gives the API: Los Angeles, USD, 10 % tax).
 */
export function exportWorkerEnv(t: TestApp, databaseUrl: string, env: Record<string, string>): Record<string, string> {
  return {
    ...env,
    ENV_MODE: 'development',
    LOG_LEVEL: 'info',
    DATABASE_URL: databaseUrl,
    DATA_DIR: t.dataDir,
    ADMIN_API_TOKEN: ADMIN_TOKEN,
    RESTAURANT_TIMEZONE: 'America/Los_Angeles',
    CURRENCY: 'USD',
    TAX_RATE_BPS: '1000',
  };
}
