import type { JobsOptions } from 'bullmq';

export const EXPORT_QUEUE = 'orders-export';
export const EXPORT_DAY_JOB = 'export-day';
/** Named @nestjs/bullmq configuration, so another module's BullModule.forRoot cannot clash with ours. */
export const EXPORT_BULL_CONFIG = 'export';
/** DI token: whether this process consumes export jobs (a boolean, decided by ExportQueueModule.forRoot). */
export const EXPORT_CONSUMING = Symbol('EXPORT_CONSUMING');

export interface ExportDayJobData {
  day: string;
}

/**
 * One job per day at a time: while a day's job waits, more requests are merged into it; while it runs, one
 * follow-up is kept (keepLastIfActive), which picks up every change that landed during the write.
 */
export function exportDayJobOptions(day: string): JobsOptions {
  return {
    deduplication: { id: `day:${day}`, keepLastIfActive: true },
    attempts: 6,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: { age: 3600, count: 500 },
    // Failed jobs stay for inspection (a week); the reconciler re-requests their day anyway.
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
