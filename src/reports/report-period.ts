import { DateTime } from 'luxon';
import { isBusinessDay } from '@/common/business-date.js';
import { DomainError, ErrorCode } from '@/common/domain-error.js';

/** The periods a report can be asked for by name, in the restaurant's time zone; weeks start on Monday. */
export const REPORT_PRESETS = [
  'today',
  'yesterday',
  'this-week',
  'last-week',
  'last-7-days',
  'last-30-days',
  'this-month',
  'last-month',
] as const;
export type ReportPreset = (typeof REPORT_PRESETS)[number];

/** The longest period one report covers: a year (a leap year's too). */
export const MAX_REPORT_DAYS = 366;

export interface ReportPeriod {
  /** First business day, YYYY-MM-DD. */
  from: string;
  /** Last business day (included), YYYY-MM-DD. */
  to: string;
  days: number;
  preset: ReportPreset | null;
  /** One day is charted per hour, a longer period per day. */
  granularity: 'hour' | 'day';
  /** The first instant of `from` in the restaurant's zone. */
  start: Date;
  /** The first instant after `to`. */
  end: Date;
  timezone: string;
  /** "Today, Fri Dec 4, 2026", "Nov 5 – Dec 4, 2026". */
  label: string;
}

export interface PeriodQuery {
  period?: string;
  from?: string;
  to?: string;
}

const PRESET_NAMES: Record<ReportPreset, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  'this-week': 'This week',
  'last-week': 'Last week',
  'last-7-days': 'Last 7 days',
  'last-30-days': 'Last 30 days',
  'this-month': 'This month',
  'last-month': 'Last month',
};

function presetDays(preset: ReportPreset, today: DateTime): [DateTime, DateTime] {
  switch (preset) {
    case 'today':
      return [today, today];
    case 'yesterday':
      return [today.minus({ days: 1 }), today.minus({ days: 1 })];
    case 'this-week':
      return [today.startOf('week'), today];
    case 'last-week': {
      const monday = today.startOf('week').minus({ weeks: 1 });
      return [monday, monday.plus({ days: 6 })];
    }
    case 'last-7-days':
      return [today.minus({ days: 6 }), today];
    case 'last-30-days':
      return [today.minus({ days: 29 }), today];
    case 'this-month':
      return [today.startOf('month'), today];
    case 'last-month': {
      const first = today.startOf('month').minus({ months: 1 });
      return [first, first.endOf('month').startOf('day')];
    }
  }
}

const invalid = (message: string) => new DomainError(ErrorCode.INVALID_PERIOD, message);

/**
 * The business days a report covers: a named period (`period=this-week`), or `from` and `to` (either alone is
 * one day), counted in the restaurant's time zone at `now`. Nothing given is today.
 */
export function resolveReportPeriod(query: PeriodQuery, now: Date, timezone: string): ReportPeriod {
  const today = DateTime.fromJSDate(now, { zone: timezone }).startOf('day');
  let first: DateTime;
  let last: DateTime;
  let preset: ReportPreset | null = null;
  if (query.period !== undefined) {
    if (query.from !== undefined || query.to !== undefined) throw invalid('Give either period or from/to, not both.');
    if (!(REPORT_PRESETS as readonly string[]).includes(query.period)) {
      throw invalid(`period must be one of ${REPORT_PRESETS.join(', ')} (got "${query.period}").`);
    }
    preset = query.period as ReportPreset;
    [first, last] = presetDays(preset, today);
  } else if (query.from !== undefined || query.to !== undefined) {
    for (const [name, value] of [
      ['from', query.from],
      ['to', query.to],
    ] as const) {
      if (value !== undefined && !isBusinessDay(value)) throw invalid(`${name} must be a day as YYYY-MM-DD (got "${value}").`);
    }
    first = DateTime.fromISO((query.from ?? query.to)!, { zone: timezone });
    last = DateTime.fromISO((query.to ?? query.from)!, { zone: timezone });
    if (last < first) throw invalid(`from (${query.from}) is after to (${query.to}).`);
  } else {
    preset = 'today';
    [first, last] = [today, today];
  }
  const days = Math.round(last.diff(first, 'days').days) + 1;
  if (days > MAX_REPORT_DAYS) {
    throw new DomainError(ErrorCode.PERIOD_TOO_LONG, `A report covers at most ${MAX_REPORT_DAYS} days; this period has ${days}.`, {
      maxDays: MAX_REPORT_DAYS,
    });
  }
  const from = first.toISODate()!;
  const to = last.toISODate()!;
  return {
    from,
    to,
    days,
    preset,
    granularity: days === 1 ? 'hour' : 'day',
    start: first.startOf('day').toJSDate(),
    end: last.plus({ days: 1 }).startOf('day').toJSDate(),
    timezone,
    label: periodLabel(first, last, preset),
  };
}

function periodLabel(first: DateTime, last: DateTime, preset: ReportPreset | null): string {
  const day = (d: DateTime) => d.setLocale('en-US').toFormat('ccc LLL d, yyyy');
  const range = first.hasSame(last, 'day')
    ? day(first)
    : first.hasSame(last, 'year')
      ? `${first.setLocale('en-US').toFormat('LLL d')} – ${last.setLocale('en-US').toFormat('LLL d, yyyy')}`
      : `${first.setLocale('en-US').toFormat('LLL d, yyyy')} – ${last.setLocale('en-US').toFormat('LLL d, yyyy')}`;
  return preset ? `${PRESET_NAMES[preset]}, ${range}` : range;
}
