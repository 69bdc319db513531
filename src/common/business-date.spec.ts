import { businessDate } from './business-date.js';

describe('businessDate', () => {
  it("is the restaurant's calendar day, also across midnight and between zones asked in turn", () => {
    const beforeMidnight = new Date('2026-03-01T04:59:59.999Z'); // 23:59:59 in New York (UTC-5)
    const atMidnight = new Date('2026-03-01T05:00:00.000Z');
    expect(businessDate(beforeMidnight, 'America/New_York')).toBe('2026-02-28');
    expect(businessDate(atMidnight, 'America/New_York')).toBe('2026-03-01');
    expect(businessDate(atMidnight, 'Asia/Kolkata')).toBe('2026-03-01'); // 10:30 there
    expect(businessDate(new Date('2026-02-28T18:29:59Z'), 'Asia/Kolkata')).toBe('2026-02-28');
    expect(businessDate(new Date('2026-02-28T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-03-01'); // half-hour zone
    expect(businessDate(beforeMidnight, 'America/New_York')).toBe('2026-02-28');
  });
});
