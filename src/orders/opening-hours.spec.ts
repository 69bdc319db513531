import { OpeningHours } from './opening-hours.js';

// 2026-11-25 is a Wednesday.
const la = (iso: string) => new Date(iso); // instants; the zone is applied by OpeningHours

describe('OpeningHours', () => {
  it('24/7 is always open', () => {
    const hours = OpeningHours.parse('24/7', 'America/Los_Angeles');
    expect(hours.isOpen(la('2026-11-25T11:00:00Z'))).toBe(true);
    expect(hours.describeToday(la('2026-11-25T11:00:00Z'))).toMatch(/24 hours/);
  });

  it('reads weekday ranges in restaurant time', () => {
    const hours = OpeningHours.parse('Mon-Fri 11:00-22:00; Sat-Sun 12:00-23:00', 'America/Los_Angeles');
    // Wed 10:59 and 11:00 in Los Angeles (UTC-8 in November)
    expect(hours.isOpen(la('2026-11-25T18:59:00Z'))).toBe(false);
    expect(hours.isOpen(la('2026-11-25T19:00:00Z'))).toBe(true);
    // Wed 21:59 open, 22:00 closed
    expect(hours.isOpen(la('2026-11-26T05:59:00Z'))).toBe(true);
    expect(hours.isOpen(la('2026-11-26T06:00:00Z'))).toBe(false);
    // Sat 11:30 closed, 12:30 open
    expect(hours.isOpen(la('2026-11-28T19:30:00Z'))).toBe(false);
    expect(hours.isOpen(la('2026-11-28T20:30:00Z'))).toBe(true);
    expect(hours.describeToday(la('2026-11-25T20:00:00Z'))).toBe('Today we are open 11:00 to 22:00.');
  });

  // Los Angeles: 2026-03-08 (Sunday) jumps from 02:00 PST to 03:00 PDT (10:00Z); 2026-11-01 (Sunday) falls
  // back from 02:00 PDT to 01:00 PST (09:00Z). Each pair below is one minute apart in local time, and a
  // zone read as a fixed offset (standard or daylight time all year) gets at least one of them wrong.
  it('judges the hours in local time on both daylight-saving days', () => {
    const hours = OpeningHours.parse('Mon-Fri 11:00-22:00; Sat-Sun 12:00-23:00', 'America/Los_Angeles');
    const open = (iso: string) => hours.isOpen(la(iso));
    // Saturday 2026-03-07, still PST (UTC-8): opens at 20:00Z.
    expect([open('2026-03-07T19:59:00Z'), open('2026-03-07T20:00:00Z')]).toEqual([false, true]);
    // Sunday 2026-03-08, PDT (UTC-7) from 10:00Z: opens at 19:00Z, closes at 06:00Z the next day.
    expect([open('2026-03-08T18:59:00Z'), open('2026-03-08T19:00:00Z')]).toEqual([false, true]);
    expect([open('2026-03-09T05:59:00Z'), open('2026-03-09T06:00:00Z')]).toEqual([true, false]);
    // Saturday 2026-10-31, still PDT: opens at 19:00Z.
    expect([open('2026-10-31T18:59:00Z'), open('2026-10-31T19:00:00Z')]).toEqual([false, true]);
    // Sunday 2026-11-01, PST from 09:00Z: opens at 20:00Z, closes at 07:00Z the next day.
    expect([open('2026-11-01T19:59:00Z'), open('2026-11-01T20:00:00Z')]).toEqual([false, true]);
    expect([open('2026-11-02T06:59:00Z'), open('2026-11-02T07:00:00Z')]).toEqual([true, false]);
    // 23:30 on Sunday 2026-11-01 is still Sunday (not Monday 00:30): Sunday's hours.
    expect(hours.describeToday(la('2026-11-02T07:30:00Z'))).toBe('Today we are open 12:00 to 23:00.');
    expect(hours.describeToday(la('2026-03-09T06:30:00Z'))).toBe('Today we are open 12:00 to 23:00.');
  });

  it('keeps a night range open through the hour that is skipped or repeated', () => {
    const hours = OpeningHours.parse('Sat 20:00-04:00', 'America/Los_Angeles');
    const open = (iso: string) => hours.isOpen(la(iso));
    // Spring: 01:59 PST and 03:30 PDT are open; 04:00 PDT (11:00Z) closes.
    expect([open('2026-03-08T09:59:00Z'), open('2026-03-08T10:30:00Z'), open('2026-03-08T10:59:00Z')]).toEqual([true, true, true]);
    expect(open('2026-03-08T11:00:00Z')).toBe(false);
    // Autumn: 01:30 PDT and 01:30 PST (an hour apart) are both open; 04:00 PST (12:00Z) closes.
    expect([open('2026-11-01T08:30:00Z'), open('2026-11-01T09:30:00Z'), open('2026-11-01T11:59:00Z')]).toEqual([true, true, true]);
    expect(open('2026-11-01T12:00:00Z')).toBe(false);
  });

  it('handles ranges past midnight, including Saturday night into Sunday', () => {
    const hours = OpeningHours.parse('Fri-Sat 18:00-02:00', 'UTC');
    expect(hours.isOpen(new Date('2026-11-27T23:00:00Z'))).toBe(true); // Fri 23:00
    expect(hours.isOpen(new Date('2026-11-28T01:30:00Z'))).toBe(true); // Sat 01:30 (Fri night)
    expect(hours.isOpen(new Date('2026-11-29T01:30:00Z'))).toBe(true); // Sun 01:30 (Sat night)
    expect(hours.isOpen(new Date('2026-11-29T02:30:00Z'))).toBe(false);
    expect(hours.isOpen(new Date('2026-11-26T23:00:00Z'))).toBe(false); // Thu
  });

  it('accepts lists of days and of ranges', () => {
    const hours = OpeningHours.parse('Mon,Wed 11:00-14:00,17:00-21:00', 'UTC');
    expect(hours.isOpen(new Date('2026-11-25T12:00:00Z'))).toBe(true);
    expect(hours.isOpen(new Date('2026-11-25T15:00:00Z'))).toBe(false);
    expect(hours.isOpen(new Date('2026-11-25T18:00:00Z'))).toBe(true);
    expect(hours.isOpen(new Date('2026-11-24T12:00:00Z'))).toBe(false); // Tue
  });

  it('refuses text it cannot read, saying what is wrong', () => {
    expect(() => OpeningHours.parse('Mon-Fri', 'UTC')).toThrow(/cannot read "Mon-Fri"/);
    expect(() => OpeningHours.parse('Funday 10:00-12:00', 'UTC')).toThrow(/unknown day/);
    expect(() => OpeningHours.parse('Mon 25:00-26:00', 'UTC')).toThrow(/bad time/);
  });
});
