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

export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written YYYY-MM-DD (2025-02-30 is not). */
export function isCalendarDay(value: string): boolean {
  if (!DAY_PATTERN.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
