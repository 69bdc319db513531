import { describe, expect, it } from '@jest/globals';
import { DomainError, ErrorCode } from '@/common/domain-error.js';
import { MAX_REPORT_DAYS, resolveReportPeriod } from './report-period.js';

const LA = 'America/Los_Angeles';
// Thursday 3 December 2026, 23:30 in Los Angeles (already Friday in UTC).
const NOW = new Date('2026-12-04T07:30:00Z');

const days = (query: Record<string, string>, now = NOW, zone = LA) => {
  const p = resolveReportPeriod(query, now, zone);
  return [p.from, p.to, p.days];
};

function refusal(query: Record<string, string>): [ErrorCode, string] {
  try {
    resolveReportPeriod(query, NOW, LA);
  } catch (err) {
    if (err instanceof DomainError) return [err.code, err.message];
    throw err;
  }
  throw new Error('not refused');
}

describe('resolveReportPeriod', () => {
  it("counts the named periods from the restaurant's day, not UTC's", () => {
    expect(days({})).toEqual(['2026-12-03', '2026-12-03', 1]);
    expect(days({ period: 'today' })).toEqual(['2026-12-03', '2026-12-03', 1]);
    expect(days({ period: 'yesterday' })).toEqual(['2026-12-02', '2026-12-02', 1]);
    expect(days({ period: 'this-week' })).toEqual(['2026-11-30', '2026-12-03', 4]); // Monday to today
    expect(days({ period: 'last-week' })).toEqual(['2026-11-23', '2026-11-29', 7]);
    expect(days({ period: 'last-7-days' })).toEqual(['2026-11-27', '2026-12-03', 7]);
    expect(days({ period: 'last-30-days' })).toEqual(['2026-11-04', '2026-12-03', 30]);
    expect(days({ period: 'this-month' })).toEqual(['2026-12-01', '2026-12-03', 3]);
    expect(days({ period: 'last-month' })).toEqual(['2026-11-01', '2026-11-30', 30]);
    // The same instant is Friday in Tokyo.
    expect(days({ period: 'today' }, NOW, 'Asia/Tokyo')).toEqual(['2026-12-04', '2026-12-04', 1]);
    // On a Monday this week is one day; in March last month has 28 or 29.
    expect(days({ period: 'this-week' }, new Date('2026-11-30T20:00:00Z'))).toEqual(['2026-11-30', '2026-11-30', 1]);
    expect(days({ period: 'last-month' }, new Date('2028-03-10T20:00:00Z'))).toEqual(['2028-02-01', '2028-02-29', 29]);
  });

  it('takes from and to (either alone is one day), and bounds each day by its first instant in the zone', () => {
    expect(days({ from: '2026-11-01', to: '2026-11-30' })).toEqual(['2026-11-01', '2026-11-30', 30]);
    expect(days({ from: '2026-11-05' })).toEqual(['2026-11-05', '2026-11-05', 1]);
    expect(days({ to: '2026-11-05' })).toEqual(['2026-11-05', '2026-11-05', 1]);
    // The day the clocks go back in Los Angeles lasts 25 hours; the day they go forward, 23.
    const back = resolveReportPeriod({ from: '2026-11-01' }, NOW, LA);
    expect([back.start.toISOString(), back.end.toISOString(), back.granularity]).toEqual([
      '2026-11-01T07:00:00.000Z',
      '2026-11-02T08:00:00.000Z',
      'hour',
    ]);
    const forward = resolveReportPeriod({ from: '2026-03-08' }, NOW, LA);
    expect((forward.end.getTime() - forward.start.getTime()) / 3_600_000).toBe(23);
    // Over the change, days still count whole.
    expect(days({ from: '2026-10-30', to: '2026-11-02' })).toEqual(['2026-10-30', '2026-11-02', 4]);
    expect(resolveReportPeriod({ from: '2026-10-30', to: '2026-11-02' }, NOW, LA).granularity).toBe('day');
  });

  it('names the period as a person reads it', () => {
    expect(resolveReportPeriod({ period: 'last-7-days' }, NOW, LA).label).toBe('Last 7 days, Nov 27 – Dec 3, 2026');
    expect(resolveReportPeriod({ period: 'today' }, NOW, LA).label).toBe('Today, Thu Dec 3, 2026');
    expect(resolveReportPeriod({ from: '2025-12-20', to: '2026-01-05' }, NOW, LA).label).toBe('Dec 20, 2025 – Jan 5, 2026');
  });

  it('refuses what it cannot read with INVALID_PERIOD, and a period over a year with PERIOD_TOO_LONG', () => {
    expect(refusal({ from: '2026-12-03', to: '2026-12-01' })).toEqual([
      ErrorCode.INVALID_PERIOD,
      'from (2026-12-03) is after to (2026-12-01).',
    ]);
    expect(refusal({ period: 'fortnight' })[0]).toBe(ErrorCode.INVALID_PERIOD);
    expect(refusal({ period: 'today', to: '2026-12-01' })[0]).toBe(ErrorCode.INVALID_PERIOD);
    expect(refusal({ from: '2026-02-29' })).toEqual([ErrorCode.INVALID_PERIOD, 'from must be a day as YYYY-MM-DD (got "2026-02-29").']);
    expect(refusal({ from: '12/01/2026' })[0]).toBe(ErrorCode.INVALID_PERIOD);
    expect(refusal({ from: '2024-01-01', to: '2025-01-01' })).toEqual([
      ErrorCode.PERIOD_TOO_LONG,
      `A report covers at most ${MAX_REPORT_DAYS} days; this period has 367.`,
    ]);
    expect(days({ from: '2024-01-01', to: '2024-12-31' })).toEqual(['2024-01-01', '2024-12-31', 366]); // a leap year
  });
});
