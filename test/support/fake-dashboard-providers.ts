import type { TestingModuleBuilder } from '@nestjs/testing';
import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportDashboardProvider, ExportQueueHealth } from '@/export/export-dashboard.provider.js';
import { CallsDashboardProvider, CallSummary } from '@/voice/calls-dashboard.provider.js';

/** Fixed answers in place of what the export module tells the dashboard: a backlog, two failed jobs, a workbook. */
export class FakeExportProvider implements Pick<ExportDashboardProvider, 'health' | 'retryFailed' | 'workbookPath'> {
  readonly dir = mkdtempSync(join(tmpdir(), 'ros-export-'));
  failed = 2;
  retries = 0;

  async health(): Promise<ExportQueueHealth> {
    return {
      waiting: 1,
      active: 0,
      failed: this.failed,
      oldestUnexportedChangeAt: new Date(Date.now() - 4 * 60_000).toISOString(),
      recentFailures: this.failed
        ? [
            {
              jobId: 'day:2026-01-01',
              businessDate: '2026-01-01',
              error: 'Lock held by another writer for 30 s',
              failedAt: new Date().toISOString(),
            },
          ]
        : [],
    };
  }

  async retryFailed(): Promise<{ retried: number }> {
    const retried = this.failed;
    this.failed = 0;
    this.retries += retried;
    return { retried };
  }

  async workbookPath(businessDate: string): Promise<string | null> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Orders');
    sheet.addRow(['Order ID', 'Order Number', 'Created At']);
    sheet.addRow(['fake', 'A-0001', businessDate]);
    const path = join(this.dir, `orders-${businessDate}.xlsx`);
    await workbook.xlsx.writeFile(path);
    return path;
  }
}

/** A recorded call behind every voice order, in place of the voice module's call records. */
export class FakeCallsProvider implements Pick<CallsDashboardProvider, 'callForOrder'> {
  async callForOrder(order: { id: string; voiceCallId: string | null }): Promise<CallSummary | null> {
    if (!order.voiceCallId) return null;
    return {
      id: order.voiceCallId,
      startedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      endedAt: new Date(Date.now() - 2 * 60_000).toISOString(),
      endedReason: 'customer-ended-call',
      summary: 'Caller ordered two Margherita pizzas for pickup, one with extra basil, and will pay cash at the counter.',
      transcript:
        'AI: Thanks for calling Test Trattoria, what can I get you?\nUser: Two Margherita pizzas for pickup, one with extra basil.\nAI: Two Margherita, one with extra basil. Your order number is A-0003.',
      recordingUrl: 'https://storage.example/recordings/call-123.wav',
      customerPhone: '+12065550142',
    };
  }
}

/** The fakes, and the override (createTestApp's `override`) that puts them where the dashboard reads its features. */
export function fakeDashboardProviders() {
  const exports = new FakeExportProvider();
  const calls = new FakeCallsProvider();
  const override = (builder: TestingModuleBuilder) =>
    builder.overrideProvider(ExportDashboardProvider).useValue(exports).overrideProvider(CallsDashboardProvider).useValue(calls);
  return { exports, calls, override };
}
