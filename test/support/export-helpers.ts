import * as ExcelJS from 'exceljs';
import request from 'supertest';

export const XLSX_HEADER = [
  'Order ID', 'Order Number', 'Created At', 'Customer', 'Phone', 'Channel', 'Fulfillment', 'Address', 'Items',
  'Subtotal', 'Delivery Fee', 'Tax', 'Total', 'Currency', 'Status', 'Payment Status',
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
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface PlacedOrder {
  id: string;
  orderNumber: string;
  businessDate: string;
  totalCents: number;
  subtotalCents: number;
  taxCents: number;
  deliveryFeeCents: number;
  status: string;
}

let menuCache: { url: string; ids: string[] } | null = null;

export async function placeOrder(baseUrl: string, overrides: Record<string, unknown> = {}): Promise<PlacedOrder> {
  if (!menuCache || menuCache.url !== baseUrl) {
    const menu = await request(baseUrl).get('/api/menu').expect(200);
    menuCache = { url: baseUrl, ids: (menu.body as { id: string; available: boolean }[]).filter((m) => m.available).map((m) => m.id) };
  }
  const res = await request(baseUrl)
    .post('/api/orders')
    .send({
      customerName: 'Ada Lovelace',
      customerPhone: '+12065550142',
      fulfillment: 'pickup',
      paymentMethod: 'cash',
      items: [{ menuItemId: menuCache.ids[0], quantity: 2 }, { menuItemId: menuCache.ids[1], quantity: 1, notes: 'no onions' }],
      ...overrides,
    });
  if (res.status !== 201) throw new Error(`order failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as PlacedOrder;
}
