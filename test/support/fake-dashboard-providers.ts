import { Global, Injectable, Module } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallSummary, DashboardCallsProvider, DashboardExportProvider, ExportQueueHealth } from '@/dashboard/dashboard-integrations.js';

/**
 * Stand-ins for the export and voice modules (built on other branches), wired the way README "Staff dashboard"
 * tells those modules to wire themselves: a @Global() module that provides and exports the port.
 */
@Injectable()
export class FakeExportProvider extends DashboardExportProvider {
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

@Injectable()
export class FakeCallsProvider extends DashboardCallsProvider {
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

@Global()
@Module({
  providers: [
    FakeExportProvider,
    FakeCallsProvider,
    { provide: DashboardExportProvider, useExisting: FakeExportProvider },
    { provide: DashboardCallsProvider, useExisting: FakeCallsProvider },
  ],
  exports: [DashboardExportProvider, DashboardCallsProvider, FakeExportProvider],
})
export class FakeDashboardProvidersModule {}
