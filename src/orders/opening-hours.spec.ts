import { OpeningHours } from './opening-hours.js';

// 2026-11-25 is a Wednesday.
const la = (iso: string) => new Date(iso); // instants; the zone is applied by OpeningHours

describe('OpeningHours', () => {
  it('24/7 is always open', () => {
    const hours = OpeningHours.parse('24/7', 'America/Los_Angeles');
    expect(hours.isOpen(la('2026-11-25T11:00:00Z'))).toBe(true);
    expect(hours.describeToday()).toMatch(/24 hours/);
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
