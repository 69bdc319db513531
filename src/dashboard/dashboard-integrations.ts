/**
 * Ports the dashboard uses when other modules are present. Each is an abstract class used as a DI token;
 * a module that can answer provides it (see README "Staff dashboard"), and the dashboard panel lights up.
 * Without a provider the dashboard says "not configured" instead of failing.
 */

/** Health of the Excel export pipeline, as the export panel shows it. */
export interface ExportQueueHealth {
  /** Jobs waiting (or delayed) in the queue. */
  waiting: number;
  /** Jobs running right now. */
  active: number;
  /** Jobs that failed for good (retries exhausted). */
  failed: number;
  /** Oldest order change not yet in its workbook (ISO 8601), null when everything is exported. */
  oldestUnexportedChangeAt: string | null;
  /** Orders whose latest change is not yet exported. */
  unexportedOrders?: number;
  /** Most recent failures, newest first (at most a handful). */
  recentFailures?: Array<{ jobId: string; businessDate?: string; error: string; failedAt: string }>;
}

export abstract class DashboardExportProvider {
  abstract health(): Promise<ExportQueueHealth>;
  /** Puts failed export jobs back in the queue; returns how many were retried. */
  abstract retryFailed(): Promise<{ retried: number }>;
  /**
   * Absolute path of `EXPORT_DIR/orders-YYYY-MM-DD.xlsx` for that business day, or null when the day has no
   * workbook. The file must be complete (written atomically); the dashboard streams it as a download.
   */
  abstract workbookPath(businessDate: string): Promise<string | null>;
}

/** What the dashboard shows about the phone call that placed an order. */
export interface CallSummary {
  id: string;
  startedAt: string | null;
  endedAt: string | null;
  endedReason: string | null;
  summary: string | null;
  /** Plain text, one line per turn ("AI: ...", "User: ..."). */
  transcript: string | null;
  recordingUrl: string | null;
  customerPhone: string | null;
}

export abstract class DashboardCallsProvider {
  /** The call an order was placed in (`order.voiceCallId` is the Vapi call id), or null. */
  abstract callForOrder(order: { id: string; voiceCallId: string | null }): Promise<CallSummary | null>;
}
