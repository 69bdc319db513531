import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ExportReconciler } from '@/export/export-reconciler.service.js';
import { ExportScheduler } from '@/export/export-scheduler.js';
import { InProcessExportScheduler } from '@/export/in-process-export-scheduler.js';
import { api, type ApiClient, expectAnswer, expectError, expectStatus } from './support/api.js';
import { insertOrdersDirectly, placeOrder, PlacedOrder, readWorkbook, waitFor, XLSX_HEADER } from './support/export-helpers.js';
import { fetchMenu } from './support/orders.js';
import { ADMIN_TOKEN, createTestApp, TestApp } from './support/test-app.js';
import { ordinaryDayClock } from './support/test-clock.js';

/**
 * Development without REDIS_URL: the API exports in process with the same processor and locks. The API is called
 * through the typed client; malformed dates and path tricks, off the contract on purpose, through supertest.
 */
describe('Excel export (in-process queue)', () => {
  let t: TestApp;
  let exportDir: string;
  /** The API without credentials, and with the admin token. */
  let anonymous: ApiClient;
  let admin: ApiClient;
  const placed: PlacedOrder[] = [];
  const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };

  beforeAll(async () => {
    t = await createTestApp({ clock: ordinaryDayClock(), env: { REDIS_URL: '', EXPORT_RECONCILE_SECONDS: '1' } });
    anonymous = api(t.url);
    admin = api(t.url, { admin: true });
    exportDir = join(t.dataDir, 'exports');
    placed.push(await placeOrder(t.url, { customerName: '=HYPERLINK("http://evil.example","x")' }));
    placed.push(await placeOrder(t.url, { customerName: '+Plus Sign', fulfillment: 'pickup' }));
    // With options on its lines: the Items column lists them as ordered.
    const [pizza, second] = (await fetchMenu(t.url)).filter((m) => m.available);
    const option = (name: string) => pizza.optionGroups.flatMap((g) => g.options).find((o) => o.name === name)!.id;
    placed.push(
      await placeOrder(t.url, {
        customerName: 'Grace Hopper',
        items: [
          { menuItemId: pizza.id, quantity: 2, options: [option('Large'), option('Extra cheese')] },
          { menuItemId: second.id, quantity: 1, notes: 'no onions' },
        ],
      }),
    );
  });
  afterAll(() => t.close());

  const workbookPath = () => join(exportDir, `orders-${placed[0].businessDate}.xlsx`);

  async function exportedRows(expected: number) {
    return waitFor(`${expected} rows`, async () => {
      if (!existsSync(workbookPath())) return null;
      const wb = await readWorkbook(workbookPath());
      return wb.rows.length === expected ? wb : null;
    });
  }

  it('writes every order of the day once, with the exact header and money that sums', async () => {
    const wb = await exportedRows(3);
    expect(wb.header).toEqual(XLSX_HEADER);
    expect(wb.rows.map((r) => r['Order ID']).sort()).toEqual(placed.map((p) => p.id).sort());
    const total = wb.rows.reduce((sum, r) => sum + (r.Total as number), 0);
    expect(total).toBeCloseTo(placed.reduce((s, p) => s + p.totalCents, 0) / 100, 2);
    for (const r of wb.rows) {
      const p = placed.find((o) => o.id === r['Order ID'])!;
      expect(r.Subtotal).toBe(p.subtotalCents / 100);
      expect(r.Tax).toBe(p.taxCents / 100);
      expect(r['Order Number']).toBe(p.orderNumber);
      expect(r.Phone).toBe('+12065550142');
      expect(r.Status).toBe('received');
      expect(r['Payment Status']).toBe('unpaid');
      expect(r['Created At']).toBeInstanceOf(Date);
      // The promised time as the restaurant's wall clock (a spreadsheet date has no zone).
      expect(r['Promised For']).toEqual(new Date(`${p.promisedAt!.slice(0, 23)}Z`));
      expect(r.Items).toMatch(/^2 x .+; 1 x .+ \(no onions\)$/);
    }
    const withOptions = wb.rows.find((r) => r['Order ID'] === placed[2].id)!;
    expect(withOptions.Items).toBe('2 x Margherita Pizza [Large · Extra cheese]; 1 x Pepperoni Pizza [Medium] (no onions)');
    expect(withOptions.Subtotal).toBe((2 * (1450 + 500 + 200) + 1600) / 100);
    expect(wb.sheet.getColumn(13).numFmt ?? wb.sheet.getCell('M2').numFmt).toBe('0.00');
    expect(wb.sheet.getCell('M2').type).toBe(2); // ExcelJS.ValueType.Number
  });

  it('writes customer text that looks like a formula as text, never as a formula', async () => {
    const wb = await exportedRows(3);
    const evil = wb.rows.find((r) => r['Order ID'] === placed[0].id)!;
    expect(evil.Customer).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(wb.rows.find((r) => r['Order ID'] === placed[1].id)!.Customer).toBe(`'+Plus Sign`);
    wb.sheet.eachRow((row) => row.eachCell((cell) => expect(cell.formula).toBeFalsy()));
  });

  it('updates the row when the status changes, and leaves no temp or lock files behind', async () => {
    await expectStatus(
      admin.PATCH('/api/orders/{id}/status', { params: { path: { id: placed[2].id } }, body: { status: 'confirmed' } }),
      200,
    );
    await waitFor('the confirmed status in the workbook', async () => {
      const wb = await readWorkbook(workbookPath());
      return wb.rows.length === 3 && wb.rows.find((r) => r['Order ID'] === placed[2].id)!.Status === 'confirmed';
    });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM orders WHERE version > exported_version`);
    expect(n).toBe(0);
    expect(readdirSync(exportDir).filter((f) => f !== `orders-${placed[0].businessDate}.xlsx`)).toEqual([]);
  });

  it('re-exports a change whose event never arrived (the reconciler reads the database)', async () => {
    await t.dataSource.query(`UPDATE orders SET payment_status = 'paid', version = version + 1 WHERE id = $1`, [placed[1].id]);
    await waitFor('the reconciled payment status', async () => {
      const wb = await readWorkbook(workbookPath());
      return wb.rows.find((r) => r['Order ID'] === placed[1].id)!['Payment Status'] === 'paid';
    });
  });

  it('downloads a day for admins only', async () => {
    const date = placed[0].businessDate;
    await expectError(anonymous.GET('/api/exports/{date}', { params: { path: { date } } }), 401);
    const { body: bytes, headers } = await expectAnswer(
      admin.GET('/api/exports/{date}', { params: { path: { date } }, parseAs: 'arrayBuffer' }),
      200,
    );
    expect(headers.get('content-type')).toContain('spreadsheetml');
    expect(headers.get('content-disposition')).toBe(`attachment; filename="orders-${date}.xlsx"`);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('x-export-pending-orders')).toMatch(/^\d+$/);
    const wb = await readWorkbook(Buffer.from(bytes));
    expect(wb.header).toEqual(XLSX_HEADER);
    expect(wb.rows).toHaveLength(3);
  });

  it('answers 400 for malformed dates and path tricks, 404 for a day without orders', async () => {
    // A file planted outside EXPORT_DIR must never be served.
    mkdirSync(exportDir, { recursive: true });
    writeFileSync(join(t.dataDir, 'secret.xlsx'), 'secret');
    symlinkSync(join(t.dataDir, 'secret.xlsx'), join(exportDir, 'orders-..xlsx'));
    for (const bad of [
      '2025-13-01',
      '2025-02-30',
      '20251128',
      '2025-1-1',
      '..',
      '..%2Fsecret',
      '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      '2025-11-28.xlsx',
      '2025-11-28%00',
      ' 2025-11-28',
    ]) {
      const res = await request(t.url).get(`/api/exports/${bad}`).set(auth);
      expect([400, 404]).toContain(res.status);
      if (res.status === 400) expect(res.body.code).toBe('INVALID_DATE');
      expect(res.headers['content-type']).toContain('application/json');
    }
    await request(t.url).get('/api/exports/2025-02-30').set(auth).expect(400);
    await request(t.url)
      .get('/api/exports/..%2F..%2Fsecret')
      .set(auth)
      .expect((r) => expect([400, 404]).toContain(r.status));
    const missing = await expectError(admin.GET('/api/exports/{date}', { params: { path: { date: '1999-01-01' } } }), 404);
    expect(missing.statusCode).toBe(404);
  });

  it('shows queue health to admins', async () => {
    await expectError(anonymous.GET('/api/exports/status'), 401);
    const status = await expectStatus(admin.GET('/api/exports/status'), 200);
    expect(status).toMatchObject({ mode: 'in-process', reachable: true, consumingInThisProcess: true, failed: 0, unexportedOrders: 0 });
  });
});

/**
 * Pacing of the in-process queue: after a write of d ms the day rests min(EXPORT_MAX_PAUSE_MS, factor x d) before
 * its next write.
 */
describe('Excel export pacing (in-process queue)', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const pending = async (app: TestApp) =>
    (await app.dataSource.query(`SELECT count(*)::int AS n FROM orders WHERE version > exported_version`))[0].n as number;
  const exported = async (app: TestApp, id: string) =>
    (await app.dataSource.query(`SELECT version <= exported_version AS done FROM orders WHERE id = $1`, [id]))[0].done as boolean;

  it('exports a burst completely in a few paced writes', async () => {
    // Every write of the 4,000-order day below takes well over 0.25 s, so the day rests the full 5 s after each.
    t = await createTestApp({
      clock: ordinaryDayClock(),
      env: { REDIS_URL: '', EXPORT_RECONCILE_SECONDS: '1', EXPORT_PACE_FACTOR: '20', EXPORT_MAX_PAUSE_MS: '5000' },
    });
    const app = t;
    const { batcher } = app.app.get(InProcessExportScheduler);
    const placed = [await placeOrder(app.url, { customerName: 'Before the rush' })];
    const day = placed[0].businessDate;
    await insertOrdersDirectly(app.dataSource, day, 4000, 'E'); // a big day: every write of it takes a while
    for (let wave = 0; wave < 8; wave++) {
      placed.push(...(await Promise.all(Array.from({ length: 20 }, (_, i) => placeOrder(app.url, { customerName: `Rush ${wave}-${i}` })))));
      await new Promise((r) => setTimeout(r, 200)); // spreads the burst over several writes
    }
    await waitFor('every order exported', async () => (await pending(app)) === 0, 60_000);
    const wb = await readWorkbook(join(app.dataDir, 'exports', `orders-${day}.xlsx`));
    expect(wb.rows).toHaveLength(4000 + placed.length);
    expect(new Set(wb.rows.map((r) => r['Order ID'])).size).toBe(wb.rows.length);
    expect(placed.every((p) => wb.rows.some((r) => r['Order ID'] === p.id))).toBe(true);
    expect(batcher.stats.runs).toBeLessThan(10); // 161 orders, a handful of writes
  });

  it("closing while the next order waits for the day's rest drops it: nothing is written after the close", async () => {
    // A big day: its write takes a while, so the rest after it (20 x the write) lasts seconds. The reconciler's
    // timer stays out of the way.
    t = await createTestApp({
      env: { REDIS_URL: '', EXPORT_RECONCILE_SECONDS: '3600', EXPORT_PACE_FACTOR: '20', EXPORT_MAX_PAUSE_MS: '60000' },
    });
    const app = t;
    const { batcher } = app.app.get(InProcessExportScheduler);
    const first = await placeOrder(app.url, { customerName: 'First of the day' });
    await insertOrdersDirectly(app.dataSource, first.businessDate, 4000, 'R');
    const x = await placeOrder(app.url, { customerName: 'Written just now' }); // its write carries the 4,000
    await waitFor('the write carrying x', () => exported(app, x.id), 60_000);
    await waitFor('the write to end', async () => batcher.activeCount === 0, 60_000);
    const runs = batcher.stats.runs;
    expect(runs).toBeGreaterThan(0); // x's write went through the batcher: the observer below sees writes

    const y = await placeOrder(app.url, { customerName: 'During the rest' });
    await waitFor('y waiting for the rest', async () => batcher.waitingCount === 1 && batcher.activeCount === 0, 30_000);
    expect(await exported(app, y.id)).toBe(false);

    t = undefined;
    await app.close();
    // Dropped, not written (a close that waited for the rest would have written y): y stays pending for the
    // reconciler of the next start. How promptly stop() returns is day-batcher.spec.ts's, on a fake clock.
    expect(batcher.stats.runs).toBe(runs);
    expect(batcher.waitingCount).toBe(0);
  });
});

/**
 * A write that keeps failing, in process: the export folder cannot be made (a file stands where it should be).
 * The in-process queue retries, then counts the failure and keeps no job; the day stays pending in the database
 * and the reconciler requests it again once the fault is gone.
 */
describe('Excel export failures (in-process queue)', () => {
  const root = mkdtempSync(join(tmpdir(), 'ros-blocked-'));
  const blocker = join(root, 'not-a-folder');
  let t: TestApp;

  beforeAll(async () => {
    writeFileSync(blocker, 'a file where the export folder should be');
    // The reconciler's own timer stays out of the way: the test runs it when the fault is gone.
    t = await createTestApp({
      env: {
        REDIS_URL: '',
        EXPORT_RECONCILE_SECONDS: '3600',
        EXPORT_DIR: join(blocker, 'exports'),
        EXPORT_PACE_FACTOR: '2',
        EXPORT_MAX_PAUSE_MS: '3000',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('retries a failing write, then counts it failed and leaves the day pending; the reconciler writes it once the fault is gone', async () => {
    const { batcher } = t.app.get(InProcessExportScheduler);
    const scheduler = t.app.get(ExportScheduler);
    const exported = async (id: string) =>
      (await t.dataSource.query(`SELECT version <= exported_version AS done FROM orders WHERE id = $1`, [id]))[0].done as boolean;
    const order = await placeOrder(t.url, { customerName: 'Blocked export' });

    await waitFor('the write to fail for good', async () => batcher.stats.failed === 1 && batcher.activeCount === 0, 60_000);
    expect(batcher.stats.runs).toBe(5); // the first attempt and four retries
    expect(await scheduler.counts()).toMatchObject({ mode: 'in-process', failed: 1, waiting: 0, active: 0 });
    const status = await expectStatus(api(t.url, { admin: true }).GET('/api/exports/status'), 200);
    expect(status).toMatchObject({ failed: 1, unexportedOrders: 1 });
    expect(await exported(order.id)).toBe(false);
    // The in-process queue keeps no failed job to put back: retrying is the reconciler's.
    expect(await scheduler.retryFailed()).toBe(0);

    rmSync(blocker);
    expect(await t.app.get(ExportReconciler).reconcile()).toEqual([order.businessDate]);
    await waitFor('the order exported after the fault is gone', () => exported(order.id), 30_000);
    const wb = await readWorkbook(join(blocker, 'exports', `orders-${order.businessDate}.xlsx`));
    expect(wb.rows.map((r) => r['Order ID'])).toEqual([order.id]);
    expect(batcher.stats.runs).toBe(6);
  });
});
