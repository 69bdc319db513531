import { validateSync } from 'class-validator';
import { businessDate, IsBusinessDay, isBusinessDay, isInstant } from './business-date.js';

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

  // Los Angeles: 2026-03-08 jumps from 02:00 PST to 03:00 PDT (10:00Z); 2026-11-01 falls back from 02:00 PDT
  // to 01:00 PST (09:00Z). A fixed offset (standard or daylight time all year) gets some of these wrong.
  it.each([
    ['2026-03-08T07:59:00Z', '2026-03-07'], // Sat 23:59 PST
    ['2026-03-08T08:01:00Z', '2026-03-08'], // Sun 00:01 PST
    ['2026-03-08T09:59:00Z', '2026-03-08'], // 01:59 PST, just before the jump
    ['2026-03-08T10:00:00Z', '2026-03-08'], // 03:00 PDT, just after
    ['2026-03-09T06:59:00Z', '2026-03-08'], // Sun 23:59 PDT
    ['2026-03-09T07:01:00Z', '2026-03-09'], // Mon 00:01 PDT
    ['2026-11-01T06:59:00Z', '2026-10-31'], // Sat 23:59 PDT
    ['2026-11-01T07:01:00Z', '2026-11-01'], // Sun 00:01 PDT
    ['2026-11-01T08:30:00Z', '2026-11-01'], // 01:30 PDT
    ['2026-11-01T09:30:00Z', '2026-11-01'], // 01:30 PST, the repeated hour
    ['2026-11-02T07:59:00Z', '2026-11-01'], // Sun 23:59 PST
    ['2026-11-02T08:01:00Z', '2026-11-02'], // Mon 00:01 PST
  ])('puts %s on %s in Los Angeles, across both daylight-saving changes', (at, day) => {
    expect(businessDate(new Date(at), 'America/Los_Angeles')).toBe(day);
  });
});

describe('isBusinessDay', () => {
  it.each(['2025-11-28', '2024-02-29', '2025-12-31', '2026-01-01'])('takes %s', (day) => {
    expect(isBusinessDay(day)).toBe(true);
  });

  it.each([
    '2025-02-29',
    '2025-02-30',
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '2025-1-1',
    '20251128',
    ' 2025-11-28',
    '2025-11-28 ',
    '2025-11-28T00:00Z',
    '',
    'any',
  ])('refuses %p', (day) => {
    expect(isBusinessDay(day)).toBe(false);
  });
});

describe('isInstant', () => {
  it.each(['2026-11-25T18:30:00Z', '2026-11-25T18:30Z', '2026-11-25T10:30:00.123-08:00', '2026-11-25T10:30+05:30'])('takes %s', (at) => {
    expect(isInstant(at)).toBe(true);
  });

  it.each(['2026-11-25', '2026-11-25T18:30:00', '2026-02-30T10:00Z', '2026-11-25T25:00Z', '2026-11-25T10:61Z', 'yesterday'])(
    'refuses %p',
    (at) => {
      expect(isInstant(at)).toBe(false);
    },
  );
});

describe('@IsBusinessDay', () => {
  class Query {
    @IsBusinessDay({ message: 'day must be YYYY-MM-DD' })
    day?: unknown;

    @IsBusinessDay({ or: 'any', message: 'date must be YYYY-MM-DD or any' })
    date?: unknown;

    @IsBusinessDay({ or: 'instant', message: 'from must be YYYY-MM-DD or an ISO 8601 timestamp' })
    from?: unknown;
  }

  const errors = (values: Partial<Query>) =>
    validateSync(Object.assign(new Query(), { day: '2025-11-28', date: '2025-11-28', from: '2025-11-28', ...values })).flatMap((e) =>
      Object.values(e.constraints ?? {}),
    );

  it('takes a day in each, and the one other form each allows', () => {
    expect(errors({})).toEqual([]);
    expect(errors({ date: 'any', from: '2025-11-28T10:00:00Z' })).toEqual([]);
  });

  it('refuses impossible days, the other forms where they are not allowed, and non-strings, with the given message', () => {
    expect(errors({ day: '2025-02-30' })).toEqual(['day must be YYYY-MM-DD']);
    expect(errors({ day: 'any' })).toEqual(['day must be YYYY-MM-DD']);
    expect(errors({ date: '2025-11-28T10:00:00Z' })).toEqual(['date must be YYYY-MM-DD or any']);
    expect(errors({ from: 'any' })).toEqual(['from must be YYYY-MM-DD or an ISO 8601 timestamp']);
    expect(errors({ from: ['2025-11-28'] })).toEqual(['from must be YYYY-MM-DD or an ISO 8601 timestamp']);
    expect(errors({ day: 20251128 })).toEqual(['day must be YYYY-MM-DD']);
  });
});
