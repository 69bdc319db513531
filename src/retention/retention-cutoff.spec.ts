import { isRetentionDue, retentionCutoffs } from './retention-cutoff.js';

const LA = 'America/Los_Angeles';

describe('retention cutoffs (restaurant time)', () => {
  it('are local midnights: the night, the day 24 months back and the day 90 days back', () => {
    // 2026-12-04 12:00 in Los Angeles (PST, UTC-8).
    const c = retentionCutoffs(new Date('2026-12-04T20:00:00Z'), LA, 24, 90);
    expect(c.night).toBe('2026-12-04');
    expect(c.orders.toISOString()).toBe('2024-12-04T08:00:00.000Z');
    // 90 days back is 2026-09-05, in daylight time (UTC-7).
    expect(c.recordings.toISOString()).toBe('2026-09-05T07:00:00.000Z');
  });

  it('take the night from the restaurant clock, not UTC: 23:30 local is still that day', () => {
    const c = retentionCutoffs(new Date('2026-12-05T07:30:00Z'), LA, 24, 90);
    expect(c.night).toBe('2026-12-04');
    expect(c.orders.toISOString()).toBe('2024-12-04T08:00:00.000Z');
  });

  it('land on the first instant of a spring-forward day (2024-03-10 starts at 00:00 PST)', () => {
    const c = retentionCutoffs(new Date('2026-03-10T19:00:00Z'), LA, 24, 90);
    expect(c.orders.toISOString()).toBe('2024-03-10T08:00:00.000Z');
    // An order at 01:59 PST that morning is kept; one at 23:59 the evening before is not.
    expect(new Date('2024-03-10T09:59:00Z') >= c.orders).toBe(true);
    expect(new Date('2024-03-10T07:59:00Z') < c.orders).toBe(true);
  });

  it('land on the first instant of a fall-back day (2024-11-03 starts at 00:00 PDT)', () => {
    const c = retentionCutoffs(new Date('2026-11-03T20:00:00Z'), LA, 24, 90);
    expect(c.orders.toISOString()).toBe('2024-11-03T07:00:00.000Z');
  });

  it('are right when the night itself is a clock-change day', () => {
    // 2026-03-08 05:00 PDT (the clocks jumped at 02:00): 12 months back is 2025-03-08, in PST.
    const c = retentionCutoffs(new Date('2026-03-08T12:00:00Z'), LA, 12, 1);
    expect(c.night).toBe('2026-03-08');
    expect(c.orders.toISOString()).toBe('2025-03-08T08:00:00.000Z');
    // One day back from a 23-hour day is the whole of 2026-03-07 (PST).
    expect(c.recordings.toISOString()).toBe('2026-03-07T08:00:00.000Z');
  });

  it('count calendar months: the 31st less one month is the last day of the shorter month', () => {
    const c = retentionCutoffs(new Date('2026-03-31T19:00:00Z'), LA, 1, 90);
    expect(c.orders.toISOString()).toBe('2026-02-28T08:00:00.000Z');
  });

  it('are due from the configured hour, restaurant time, to the end of the day', () => {
    expect(isRetentionDue(new Date('2026-12-04T10:59:00Z'), LA, 3)).toBe(false); // 02:59 PST
    expect(isRetentionDue(new Date('2026-12-04T11:00:00Z'), LA, 3)).toBe(true); // 03:00 PST
    expect(isRetentionDue(new Date('2026-12-05T07:59:00Z'), LA, 3)).toBe(true); // 23:59 PST
    expect(isRetentionDue(new Date('2026-12-04T08:00:00Z'), LA, 0)).toBe(true); // midnight, hour 0
  });
});
