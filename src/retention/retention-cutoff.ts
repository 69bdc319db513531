import { DateTime } from 'luxon';

/** What one night's run removes: personal data of what is older than these instants. */
export interface RetentionCutoffs {
  /** The restaurant night (its calendar day, YYYY-MM-DD) the run belongs to: one run per night across replicas. */
  night: string;
  /** Finished orders placed before this, and calls received before it, are anonymized. */
  orders: Date;
  /** Calls received before this lose their recording and transcript. */
  recordings: Date;
}

/**
 * The cutoffs of the night `now` falls in, in the restaurant's time zone. Each is the start of a restaurant day
 * (local midnight), so a business day is anonymized whole, in one night, and its workbook is rebuilt once: on
 * 2026-03-10 with 24 months, every order of 2024-03-09 and before, none of 2024-03-10. Months are calendar months
 * (the 31st less a month is the last day of the shorter month); local midnight of a day the clocks change is that
 * day's real first instant (00:00 PST on the spring-forward day, 00:00 PDT on the fall-back day).
 */
export function retentionCutoffs(now: Date, timezone: string, months: number, recordingDays: number): RetentionCutoffs {
  const today = DateTime.fromJSDate(now, { zone: timezone }).startOf('day');
  return {
    night: today.toISODate()!,
    orders: today.minus({ months }).startOf('day').toJSDate(),
    recordings: today.minus({ days: recordingDays }).startOf('day').toJSDate(),
  };
}

/** Whether the night's run is due at `now`: from `hour` o'clock restaurant time until the day ends. */
export function isRetentionDue(now: Date, timezone: string, hour: number): boolean {
  return DateTime.fromJSDate(now, { zone: timezone }).hour >= hour;
}
