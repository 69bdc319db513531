import fc from 'fast-check';
import { DateTime } from 'luxon';
import { OpeningHours } from '@/orders/opening-hours.js';
import { parseSpokenTime, sayTime, SpokenTime, SpokenTimeContext } from './spoken-time.js';

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';
const KOLKATA = 'Asia/Kolkata'; // UTC+5:30 all year: an offset that is not whole hours

/** An instant given as a wall-clock time in a zone ("2026-11-25 10:00"). */
function wall(text: string, timezone: string): Date {
  const local = DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone: timezone });
  return (local.isValid ? local : DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm', { zone: timezone })).toJSDate();
}

/** The answer as a wall-clock time in the zone, or its kind (and message) when it is not an instant. */
function heard(text: string, ctx: SpokenTimeContext): string {
  const result = parseSpokenTime(text, ctx);
  if (result.kind !== 'at') return result.kind === 'unclear' ? `unclear: ${result.message}` : result.kind;
  expect(result.at.getUTCSeconds()).toBe(0);
  expect(result.at.getUTCMilliseconds()).toBe(0);
  return DateTime.fromJSDate(result.at, { zone: ctx.timezone }).toFormat('yyyy-MM-dd HH:mm');
}

function instant(result: SpokenTime): string {
  if (result.kind !== 'at') throw new Error(`expected an instant, got ${JSON.stringify(result)}`);
  return result.at.toISOString();
}

const NOT_CAUGHT = "unclear: Sorry, I didn't catch the time. What time would you like it?";
const openElevenToTen = (timezone: string) => {
  const hours = OpeningHours.parse('Mon-Sun 11:00-22:00', timezone);
  return (at: Date) => hours.isOpen(at);
};

// 2026-11-25 is a Wednesday in both zones; 10:00 local, with seconds that the results must drop.
describe.each([NY, BERLIN, KOLKATA])('parseSpokenTime in %s, asked on Wednesday 2026-11-25 at 10:00', (timezone) => {
  const ctx: SpokenTimeContext = { now: wall('2026-11-25 10:00:27', timezone), timezone };

  it.each([
    ['7', '2026-11-25 19:00'],
    ['7:30', '2026-11-25 19:30'],
    ['7.30', '2026-11-25 19:30'],
    ['19:30', '2026-11-25 19:30'],
    ['7pm', '2026-11-25 19:00'],
    ['7 p.m.', '2026-11-25 19:00'],
    ['7:30 PM', '2026-11-25 19:30'],
    ['7:30pm', '2026-11-25 19:30'],
    ['11', '2026-11-25 11:00'],
    ['12', '2026-11-25 12:00'],
    ['9 am', '2026-11-26 09:00'],
    ['10 am', '2026-11-25 10:00'], // the current minute is still ahead
    ['07:30', '2026-11-26 07:30'],
    ['0:15', '2026-11-26 00:15'],
    ['noon', '2026-11-25 12:00'],
    ['Midday', '2026-11-25 12:00'],
    ['12 noon', '2026-11-25 12:00'],
    ['midnight', '2026-11-26 00:00'],
    ['twelve midnight', '2026-11-26 00:00'],
  ])('reads digits: %s', (text, expected) => {
    expect(heard(text, ctx)).toBe(expected);
  });

  it.each([
    ['seven', '2026-11-25 19:00'],
    ['seven thirty', '2026-11-25 19:30'],
    ['seven fifteen', '2026-11-25 19:15'],
    ['seven oh five', '2026-11-25 19:05'],
    ['seven o five', '2026-11-25 19:05'],
    ['seven forty-five', '2026-11-25 19:45'],
    ['seven forty five', '2026-11-25 19:45'],
    ['twelve fifty-nine', '2026-11-25 12:59'],
    ['seven 30', '2026-11-25 19:30'],
    ['half past seven', '2026-11-25 19:30'],
    ['half seven', '2026-11-25 19:30'],
    ['quarter past seven', '2026-11-25 19:15'],
    ['a quarter after seven', '2026-11-25 19:15'],
    ['quarter to eight', '2026-11-25 19:45'],
    ['a quarter of eight', '2026-11-25 19:45'],
    ['quarter to one', '2026-11-25 12:45'],
    ['ten past seven', '2026-11-25 19:10'],
    ['twenty five past seven', '2026-11-25 19:25'],
    ['twenty to eight', '2026-11-25 19:40'],
    ['ten minutes to eight', '2026-11-25 19:50'],
    ['quarter to noon', '2026-11-25 11:45'],
    ['quarter to midnight', '2026-11-25 23:45'],
    ["seven o'clock", '2026-11-25 19:00'],
    ['Seven O Clock', '2026-11-25 19:00'],
    ['nineteen thirty', '2026-11-25 19:30'],
    ['twenty one fifteen', '2026-11-25 21:15'],
    ['eleven', '2026-11-25 11:00'],
  ])('reads words: %s', (text, expected) => {
    expect(heard(text, ctx)).toBe(expected);
  });

  it.each([
    ['uh, around seven thirty please', '2026-11-25 19:30'],
    ['about 8', '2026-11-25 20:00'],
    ['for 7', '2026-11-25 19:00'],
    ['at 7', '2026-11-25 19:00'],
    ['by seven', '2026-11-25 19:00'],
    ['sevenish', '2026-11-25 19:00'],
    ['oh, 7ish or so', '2026-11-25 19:00'],
    ['Um... let’s say half past seven?', '2026-11-25 19:30'],
  ])('ignores filler: %s', (text, expected) => {
    expect(heard(text, ctx)).toBe(expected);
  });

  it.each([
    ['in an hour', '2026-11-25 11:00'],
    ['in half an hour', '2026-11-25 10:30'],
    ['in a half hour', '2026-11-25 10:30'],
    ['in 45 minutes', '2026-11-25 10:45'],
    ['in forty five minutes', '2026-11-25 10:45'],
    ['in about 20 mins', '2026-11-25 10:20'],
    ['in two hours', '2026-11-25 12:00'],
    ['in an hour and a half', '2026-11-25 11:30'],
    ['in one and a half hours', '2026-11-25 11:30'],
    ['in 1.5 hours', '2026-11-25 11:30'],
    ['in an hour and 15 minutes', '2026-11-25 11:15'],
    ['in a couple of hours', '2026-11-25 12:00'],
    ['in a quarter of an hour', '2026-11-25 10:15'],
    ['in 1.25 hours', '2026-11-25 11:15'],
    ['in 2 hours 30 minutes', '2026-11-25 12:30'],
    ['half an hour from now', '2026-11-25 10:30'],
    ['45 minutes', '2026-11-25 10:45'],
  ])('reads a duration from now: %s', (text, expected) => {
    expect(heard(text, ctx)).toBe(expected);
  });

  it.each([
    ['today at 7', '2026-11-25 19:00'],
    ['tonight at 8', '2026-11-25 20:00'],
    ['tonight at twelve', '2026-11-26 00:00'],
    ['tonight at midnight', '2026-11-26 00:00'],
    ['this evening at 6:30', '2026-11-25 18:30'],
    ['this afternoon at 2', '2026-11-25 14:00'],
    ['seven in the evening', '2026-11-25 19:00'],
    ['nine in the morning', '2026-11-26 09:00'],
    ['tomorrow at 7', '2026-11-26 07:00'],
    ['tomorrow morning at 9', '2026-11-26 09:00'],
    ['tomorrow evening at seven', '2026-11-26 19:00'],
    ['tomorrow at noon', '2026-11-26 12:00'],
    ['noon tomorrow', '2026-11-26 12:00'],
    ['tomorrow at midnight', '2026-11-27 00:00'],
    ['the day after tomorrow at noon', '2026-11-27 12:00'],
    ['on Friday at 7', '2026-11-27 07:00'],
    ['Saturday 6:30 pm', '2026-11-28 18:30'],
    ['sat at half past six pm', '2026-11-28 18:30'],
    ['Wednesday at 7 pm', '2026-11-25 19:00'],
    ['Wednesday at 9 am', '2026-12-02 09:00'],
    ['next Wednesday at 7 pm', '2026-12-02 19:00'],
    ['this Friday at 7 pm', '2026-11-27 19:00'],
    ['December 12th at 7:30 pm', '2026-12-12 19:30'],
    ['on Dec 12 at 7:30 pm', '2026-12-12 19:30'],
    ['the 3rd of January at noon', '2027-01-03 12:00'],
    ['January third at noon', '2027-01-03 12:00'],
    ['on Jan 3, 2028 at noon', '2028-01-03 12:00'],
    ['5th of May at 7 pm', '2027-05-05 19:00'],
    ['the twenty first of December at 1 pm', '2026-12-21 13:00'],
    ['12 December at 7 pm', '2026-12-12 19:00'],
    ['12 December at 7', '2026-12-12 07:00'],
    ['at 7 on December 12', '2026-12-12 07:00'],
    ['7 December 12', '2026-12-12 07:00'],
    ['on the 30th at 6 pm', '2026-11-30 18:00'],
    ['on the 3rd at 6 pm', '2026-12-03 18:00'],
    ['November 25 at 8 pm', '2026-11-25 20:00'],
  ])('reads the day: %s', (text, expected) => {
    expect(heard(text, ctx)).toBe(expected);
  });

  it.each([
    '',
    '   ',
    'as soon as possible',
    'ASAP',
    'now',
    'right away',
    'right now please',
    'uh, as soon as possible',
    'asap today',
    'A.S.A.P.',
  ])('hears "%s" as as soon as possible', (text) => {
    expect(heard(text, ctx)).toBe('asap');
  });

  it.each([
    ['seven or eight', NOT_CAUGHT],
    ['blue', NOT_CAUGHT],
    ['730', NOT_CAUGHT],
    ['1930', NOT_CAUGHT],
    ['25:00', NOT_CAUGHT],
    ['7:75', NOT_CAUGHT],
    ['seven five', NOT_CAUGHT],
    ['7 am tonight', NOT_CAUGHT],
    ['19:30 in the morning', NOT_CAUGHT],
    ['today or tomorrow at 7', NOT_CAUGHT],
    ['in a few minutes', NOT_CAUGHT],
    ['now at 7', NOT_CAUGHT],
    ['constructor', NOT_CAUGHT],
    ['seven '.repeat(40), NOT_CAUGHT],
    ['tomorrow', 'unclear: What time tomorrow would you like it?'],
    ['on Friday', 'unclear: What time on Friday would you like it?'],
    ['tonight', 'unclear: What time tonight would you like it?'],
    ['on December 12', 'unclear: What time on December 12 would you like it?'],
    ['on the 22nd', 'unclear: What time on the 22nd would you like it?'],
    ['this evening', 'unclear: What time this evening would you like it?'],
    ['February 30 at 7', "unclear: Sorry, I couldn't find that date. What day would you like it?"],
    ['on the 31st at 7', "unclear: Sorry, I couldn't find that date. What day would you like it?"],
  ])('asks again for %s', (text, expected) => {
    expect(heard(text, ctx)).toBe(expected);
  });

  it('keeps a time the caller put on today even when it has passed, for the tool to refuse', () => {
    expect(heard('today at 9 am', ctx)).toBe('2026-11-25 09:00');
    expect(heard('this morning at 8', ctx)).toBe('2026-11-25 08:00');
    // Without a day, the same time is tomorrow's.
    expect(heard('9 am', ctx)).toBe('2026-11-26 09:00');
  });
});

describe.each([NY, BERLIN])('choosing am or pm with a restaurant open 11:00-22:00 in %s', (timezone) => {
  const isOpen = openElevenToTen(timezone);
  const at = (now: string, text: string) => heard(text, { now: wall(now, timezone), timezone, isOpen });
  const withoutHours = (now: string, text: string) => heard(text, { now: wall(now, timezone), timezone });

  it('takes the reading at which the restaurant is open', () => {
    expect(at('2026-11-25 10:00', 'seven')).toBe('2026-11-25 19:00');
    expect(at('2026-11-25 10:00', 'eleven')).toBe('2026-11-25 11:00');
    expect(at('2026-11-25 10:00', 'twelve')).toBe('2026-11-25 12:00');
    expect(at('2026-11-25 10:00', 'tomorrow at 7')).toBe('2026-11-26 19:00');
    expect(at('2026-11-25 10:00', 'on Friday at 7')).toBe('2026-11-27 19:00');
    expect(at('2026-11-25 10:00', 'half past eleven')).toBe('2026-11-25 11:30');
  });

  it('goes to tomorrow when both readings of today have passed', () => {
    expect(at('2026-11-25 20:00', 'seven')).toBe('2026-11-26 19:00');
    expect(at('2026-11-25 20:00', 'nine')).toBe('2026-11-25 21:00');
    expect(at('2026-11-25 23:00', 'eleven thirty')).toBe('2026-11-26 11:30');
    expect(at('2026-11-25 20:00', 'Wednesday at 7')).toBe('2026-12-02 19:00');
    // Without opening hours: the earliest reading ahead.
    expect(withoutHours('2026-11-25 20:00', 'seven')).toBe('2026-11-26 07:00');
    expect(withoutHours('2026-11-25 23:00', 'eleven thirty')).toBe('2026-11-25 23:30');
  });

  it('takes the earliest reading ahead when the restaurant is open at none', () => {
    expect(at('2026-11-25 10:00', 'ten thirty')).toBe('2026-11-25 10:30');
    expect(at('2026-11-25 10:00', 'tomorrow at 10:30')).toBe('2026-11-26 10:30');
  });

  it('keeps a passed time on a named day, choosing the reading that was open', () => {
    expect(at('2026-11-25 20:00', 'today at 7')).toBe('2026-11-25 19:00');
    expect(at('2026-11-25 20:00', 'today at 7 pm')).toBe('2026-11-25 19:00');
    // Without opening hours, the latest reading that has passed: 7 pm, not 7 am.
    expect(withoutHours('2026-11-25 20:00', 'today at 7')).toBe('2026-11-25 19:00');
  });

  it('does not overrule an am or pm the caller said', () => {
    expect(at('2026-11-25 20:00', '7 am')).toBe('2026-11-26 07:00');
    expect(at('2026-11-25 20:00', '7 pm')).toBe('2026-11-26 19:00');
    expect(at('2026-11-25 10:00', 'at 10:30 pm')).toBe('2026-11-25 22:30');
  });

  it('counts the current minute as still ahead', () => {
    expect(at('2026-11-25 19:00:40', '7 pm')).toBe('2026-11-25 19:00');
  });
});

describe('daylight-saving days', () => {
  const ctx = (now: string, timezone: string): SpokenTimeContext => ({ now: wall(now, timezone), timezone });

  // New York: 2026-03-08 jumps from 02:00 EST to 03:00 EDT; 2026-11-01 falls back from 02:00 EDT to 01:00 EST.
  it('New York, spring: tomorrow at noon is 12:00 EDT, an hour earlier in UTC than noon the day before', () => {
    expect(instant(parseSpokenTime('noon', ctx('2026-03-07 10:00', NY)))).toBe('2026-03-07T17:00:00.000Z');
    expect(instant(parseSpokenTime('tomorrow at noon', ctx('2026-03-07 20:00', NY)))).toBe('2026-03-08T16:00:00.000Z');
    expect(instant(parseSpokenTime('on Sunday at noon', ctx('2026-03-06 12:00', NY)))).toBe('2026-03-08T16:00:00.000Z');
    expect(instant(parseSpokenTime('tomorrow at 7', { ...ctx('2026-03-07 20:00', NY), isOpen: openElevenToTen(NY) }))).toBe(
      '2026-03-08T23:00:00.000Z',
    );
  });

  it('New York, spring: 2:30 am does not exist and moves forward by the gap, as luxon does', () => {
    expect(instant(parseSpokenTime('tomorrow at 2:30 am', ctx('2026-03-07 20:00', NY)))).toBe('2026-03-08T07:30:00.000Z');
    expect(heard('tomorrow at 2:30 am', ctx('2026-03-07 20:00', NY))).toBe('2026-03-08 03:30');
  });

  it('New York, autumn: tomorrow at noon is 12:00 EST; 1:30 am, which happens twice, is the second (EST)', () => {
    expect(instant(parseSpokenTime('noon', ctx('2026-10-31 10:00', NY)))).toBe('2026-10-31T16:00:00.000Z');
    expect(instant(parseSpokenTime('tomorrow at noon', ctx('2026-10-31 20:00', NY)))).toBe('2026-11-01T17:00:00.000Z');
    expect(instant(parseSpokenTime('tomorrow at 1:30 am', ctx('2026-10-31 20:00', NY)))).toBe('2026-11-01T06:30:00.000Z');
  });

  it('New York: a duration is elapsed time across the change', () => {
    // 01:30 EDT (05:30Z) plus two hours is 02:30 EST, not 03:30.
    const now = new Date('2026-11-01T05:30:00Z');
    expect(heard('in two hours', { now, timezone: NY })).toBe('2026-11-01 02:30');
    expect(heard('in an hour', { now: new Date('2026-03-08T06:30:00Z'), timezone: NY })).toBe('2026-03-08 03:30');
  });

  // Berlin: 2026-03-29 jumps from 02:00 CET to 03:00 CEST; 2026-10-25 falls back from 03:00 CEST to 02:00 CET.
  it('Berlin, spring: tomorrow at noon is 12:00 CEST (10:00Z), not 11:00Z as the day before', () => {
    expect(instant(parseSpokenTime('noon', ctx('2026-03-28 10:00', BERLIN)))).toBe('2026-03-28T11:00:00.000Z');
    expect(instant(parseSpokenTime('tomorrow at noon', ctx('2026-03-28 20:00', BERLIN)))).toBe('2026-03-29T10:00:00.000Z');
    expect(instant(parseSpokenTime('tomorrow at 2:30 am', ctx('2026-03-28 20:00', BERLIN)))).toBe('2026-03-29T01:30:00.000Z');
  });

  it('Berlin, autumn: tomorrow at noon is 12:00 CET (11:00Z); 2:30 am is the second one (CET)', () => {
    expect(instant(parseSpokenTime('noon', ctx('2026-10-24 10:00', BERLIN)))).toBe('2026-10-24T10:00:00.000Z');
    expect(instant(parseSpokenTime('tomorrow at noon', ctx('2026-10-24 20:00', BERLIN)))).toBe('2026-10-25T11:00:00.000Z');
    expect(instant(parseSpokenTime('tomorrow at 2:30 am', ctx('2026-10-24 20:00', BERLIN)))).toBe('2026-10-25T01:30:00.000Z');
  });

  it('says the times of those days in local time', () => {
    const now = { now: wall('2026-03-07 20:00', NY), timezone: NY };
    expect(sayTime(new Date('2026-03-08T16:00:00Z'), now)).toBe('tomorrow at noon');
    expect(sayTime(new Date('2026-03-08T07:30:00Z'), now)).toBe('tomorrow at 3:30 am');
    const autumn = { now: wall('2026-10-31 20:00', NY), timezone: NY };
    expect(sayTime(new Date('2026-11-01T05:30:00Z'), autumn)).toBe('tomorrow at 1:30 am');
    expect(sayTime(new Date('2026-11-01T06:30:00Z'), autumn)).toBe('tomorrow at 1:30 am');
    expect(sayTime(new Date('2026-03-29T10:00:00Z'), { now: wall('2026-03-28 20:00', BERLIN), timezone: BERLIN })).toBe('tomorrow at noon');
  });

  it('refuses a zone it cannot read, as a configuration error', () => {
    expect(() => parseSpokenTime('7 pm', { now: new Date(), timezone: 'Mars/Olympus' })).toThrow(/Mars\/Olympus/);
  });
});

describe.each([NY, BERLIN])('sayTime in %s, on Wednesday 2026-11-25 at 10:00', (timezone) => {
  const ctx = { now: wall('2026-11-25 10:00', timezone), timezone };
  it.each([
    ['2026-11-25 19:15', '7:15 pm'],
    ['2026-11-25 19:00', '7 pm'],
    ['2026-11-25 12:00', 'noon'],
    ['2026-11-25 12:30', '12:30 pm'],
    ['2026-11-26 00:00', 'midnight'],
    ['2026-11-26 00:30', 'tomorrow at 12:30 am'],
    ['2026-11-26 07:05', 'tomorrow at 7:05 am'],
    ['2026-11-26 12:00', 'tomorrow at noon'],
    ['2026-11-27 00:00', 'tomorrow at midnight'],
    ['2026-11-28 19:30', 'on Saturday at 7:30 pm'],
    ['2026-12-01 19:30', 'on Tuesday at 7:30 pm'],
    ['2026-12-02 19:30', 'on Dec 2 at 7:30 pm'],
    ['2026-12-12 19:30', 'on Dec 12 at 7:30 pm'],
    ['2026-11-24 19:00', 'yesterday at 7 pm'],
    ['2026-11-20 19:00', 'on Nov 20 at 7 pm'],
    ['2027-07-01 12:00', 'on Jul 1, 2027 at noon'],
  ])('says %s as "%s"', (local, spoken) => {
    expect(sayTime(wall(local, timezone), ctx)).toBe(spoken);
  });
});

describe('properties', () => {
  const zones = [NY, BERLIN, KOLKATA, 'Australia/Lord_Howe', 'UTC'];
  const zone = fc.constantFrom(...zones);
  const instantIn2026And2027 = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) });
  /** "07:30", "19:30"; "10:30" alone could be either, so 10 to 12 carry am or pm. */
  const hhmm = (minute: number) => {
    const hour = Math.floor(minute / 60);
    const text = `${String(hour).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
    return hour >= 10 && hour <= 12 ? `${text} ${hour < 12 ? 'am' : 'pm'}` : text;
  };
  const twelveHour = (minute: number) => {
    const hour = Math.floor(minute / 60);
    return `${hour % 12 === 0 ? 12 : hour % 12}:${String(minute % 60).padStart(2, '0')} ${hour < 12 ? 'am' : 'pm'}`;
  };

  it('"at HH:MM" and "at h:mm am/pm" give that local minute, within the next day, unless the change to summer time skips it', () => {
    fc.assert(
      fc.property(zone, instantIn2026And2027, fc.integer({ min: 0, max: 24 * 60 - 1 }), fc.boolean(), (timezone, nowMs, minute, digits) => {
        const now = new Date(nowMs);
        const result = parseSpokenTime(`at ${digits ? hhmm(minute) : twelveHour(minute)}`, { now, timezone });
        if (result.kind !== 'at') throw new Error(`not read: ${JSON.stringify(result)}`);
        const local = DateTime.fromJSDate(result.at, { zone: timezone });
        const asked = DateTime.fromObject(
          { year: local.year, month: local.month, day: local.day, hour: Math.floor(minute / 60), minute: minute % 60 },
          { zone: timezone },
        );
        const skipped = asked.hour * 60 + asked.minute !== minute;
        expect(skipped || local.hour * 60 + local.minute === minute).toBe(true);
        expect(result.at.getTime()).toBeGreaterThanOrEqual(Math.floor(nowMs / 60_000) * 60_000);
        expect(result.at.getTime()).toBeLessThan(nowMs + 2 * 24 * 3_600_000);
      }),
      { numRuns: 1000 },
    );
  });

  it('what sayTime says is read back as the same local time', () => {
    fc.assert(
      fc.property(zone, instantIn2026And2027, fc.integer({ min: 1, max: 400 * 24 * 60 }), (timezone, nowMs, minutesAhead) => {
        const now = new Date(nowMs);
        const at = new Date(Math.floor(nowMs / 60_000) * 60_000 + minutesAhead * 60_000);
        const spoken = sayTime(at, { now, timezone });
        const result = parseSpokenTime(spoken, { now, timezone });
        if (result.kind !== 'at') throw new Error(`"${spoken}" not read: ${JSON.stringify(result)}`);
        // Local time, not the instant: in the hour that is repeated in autumn, "1:30 am" is read as the second one.
        const local = (d: Date) => DateTime.fromJSDate(d, { zone: timezone }).toFormat('yyyy-MM-dd HH:mm');
        expect(`${spoken} -> ${local(result.at)}`).toBe(`${spoken} -> ${local(at)}`);
      }),
      { numRuns: 1000 },
    );
  });
});
