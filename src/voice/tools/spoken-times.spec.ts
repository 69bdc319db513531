import { OpeningHours } from '@/orders/opening-hours.js';
import { SlotClock } from '@/scheduling/slot-clock.js';
import {
  compactIso,
  promiseStillAhead,
  readRequestedTime,
  readSpokenDay,
  sayAround,
  sayClock,
  sayDay,
  sayOpenTimes,
  sayPromise,
  sayRoundedUp,
} from './spoken-times.js';

const timezone = 'America/Los_Angeles';
const hours = OpeningHours.parse('Mon-Sun 11:00-22:00', timezone);
const slots = new SlotClock(timezone, 15);
/** Friday 2026-12-04, 17:02 in Los Angeles (PST, -08:00). */
const now = new Date('2026-12-05T01:02:00Z');
const ctx = { now, timezone, isOpen: (at: Date) => hours.isOpen(at) };
const local = (at: Date) => slots.iso(at);

describe('readRequestedTime', () => {
  it('reads nothing, and "as soon as possible", as as soon as possible', () => {
    expect(readRequestedTime(undefined, ctx, slots)).toEqual({ kind: 'asap' });
    expect(readRequestedTime('  ', ctx, slots)).toEqual({ kind: 'asap' });
    expect(readRequestedTime('as soon as possible please', ctx, slots)).toEqual({ kind: 'asap' });
  });

  it('keeps a time on a slot start as it is', () => {
    const noon = readRequestedTime('tomorrow at noon', ctx, slots);
    expect(noon.kind === 'at' && [local(noon.at), local(noon.asked)]).toEqual([
      '2026-12-05T12:00:00.000-08:00',
      '2026-12-05T12:00:00.000-08:00',
    ]);
    const halfPast = readRequestedTime('at half past seven', ctx, slots);
    // Seven could be am or pm: the evening is the one ahead at which we are open.
    expect(halfPast.kind === 'at' && local(halfPast.at)).toBe('2026-12-04T19:30:00.000-08:00');
  });

  it('moves a time between slots up to the next slot start, and keeps what was asked', () => {
    const inAnHour = readRequestedTime('in an hour', ctx, slots);
    expect(inAnHour.kind === 'at' && [local(inAnHour.at), local(inAnHour.asked)]).toEqual([
      '2026-12-04T18:15:00.000-08:00',
      '2026-12-04T18:02:00.000-08:00',
    ]);
    const sevenOhFive = readRequestedTime('7:05 pm', ctx, slots);
    expect(sevenOhFive.kind === 'at' && local(sevenOhFive.at)).toBe('2026-12-04T19:15:00.000-08:00');
  });

  it('takes an instant the model sends, with its offset or in restaurant time, and rounds it up the same way', () => {
    const withOffset = readRequestedTime('2026-12-05T20:00:00Z', ctx, slots);
    expect(withOffset.kind === 'at' && local(withOffset.at)).toBe('2026-12-05T12:00:00.000-08:00');
    const restaurantTime = readRequestedTime('2026-12-05T19:31', ctx, slots);
    expect(restaurantTime.kind === 'at' && local(restaurantTime.at)).toBe('2026-12-05T19:45:00.000-08:00');
    expect(readRequestedTime('2026-13-45T19:30', ctx, slots)).toEqual({
      kind: 'unclear',
      message: "Sorry, I didn't catch the time. What time would you like it?",
    });
  });

  it('counts "in an hour" in elapsed time and rounds on the wall clock across the night the clocks spring forward', () => {
    const newYork = new SlotClock('America/New_York', 15);
    // Sunday 2026-03-08, 1:50 am EST; at 2 am the clocks jump to 3 am EDT.
    const night = { now: new Date('2026-03-08T06:50:00Z'), timezone: 'America/New_York' };
    const inAnHour = readRequestedTime('in an hour', night, newYork);
    expect(inAnHour.kind === 'at' && [newYork.iso(inAnHour.asked), newYork.iso(inAnHour.at)]).toEqual([
      '2026-03-08T03:50:00.000-04:00',
      '2026-03-08T04:00:00.000-04:00',
    ]);
    expect(inAnHour.kind === 'at' && sayRoundedUp(inAnHour, 15, night)).toBe(
      'We schedule orders every 15 minutes, so it is for 4 am rather than 3:50 am; tell the caller.',
    );
  });

  it('passes on the question when the words are not a time', () => {
    expect(readRequestedTime('purple', ctx, slots)).toEqual({
      kind: 'unclear',
      message: "Sorry, I didn't catch the time. What time would you like it?",
    });
    expect(readRequestedTime('tomorrow', ctx, slots)).toEqual({ kind: 'unclear', message: 'What time tomorrow would you like it?' });
  });
});

describe('readSpokenDay', () => {
  it('is today when nothing is said', () => {
    expect(readSpokenDay(undefined, ctx, slots)).toEqual({ kind: 'day', day: '2026-12-04' });
    expect(readSpokenDay('today', ctx, slots)).toEqual({ kind: 'day', day: '2026-12-04' });
    expect(readSpokenDay('now', ctx, slots)).toEqual({ kind: 'day', day: '2026-12-04' });
  });

  it('reads a day said alone, by name, by date or as YYYY-MM-DD', () => {
    expect(readSpokenDay('tomorrow', ctx, slots)).toEqual({ kind: 'day', day: '2026-12-05' });
    expect(readSpokenDay('Saturday', ctx, slots)).toEqual({ kind: 'day', day: '2026-12-05' });
    // Friday said on a Friday is today; "next Friday" is a week away.
    expect(readSpokenDay('friday', ctx, slots)).toEqual({ kind: 'day', day: '2026-12-04' });
    expect(readSpokenDay('next Friday', ctx, slots)).toEqual({ kind: 'day', day: '2026-12-11' });
    expect(readSpokenDay('December 12th', ctx, slots)).toEqual({ kind: 'day', day: '2026-12-12' });
    expect(readSpokenDay('2026-12-06', ctx, slots)).toEqual({ kind: 'day', day: '2026-12-06' });
  });

  it('starts from the part of the day, or the time, the caller named', () => {
    expect(readSpokenDay('tonight', ctx, slots)).toEqual({ kind: 'day', day: '2026-12-04', from: new Date('2026-12-05T01:00:00Z') });
    expect(readSpokenDay('tomorrow evening', ctx, slots)).toEqual({
      kind: 'day',
      day: '2026-12-05',
      from: new Date('2026-12-06T01:00:00Z'),
    });
    expect(readSpokenDay('tomorrow morning', ctx, slots)).toEqual({ kind: 'day', day: '2026-12-05' });
    expect(readSpokenDay('tomorrow around 7', ctx, slots)).toEqual({
      kind: 'day',
      day: '2026-12-05',
      from: new Date('2026-12-06T03:00:00Z'),
    });
  });

  it('asks again for words that are no day', () => {
    const unclear = { kind: 'unclear', message: "Sorry, I didn't catch the day. Which day would you like, for example today or tomorrow?" };
    expect(readSpokenDay('whenever the moon is full', ctx, slots)).toEqual(unclear);
    expect(readSpokenDay('2026-02-30', ctx, slots)).toEqual(unclear);
  });
});

describe('saying times', () => {
  const at = (iso: string) => new Date(iso);

  it('says a promise "around" a time, with the day when it is not today', () => {
    expect(sayAround(at('2026-12-05T03:40:00Z'), ctx)).toBe('around 7:40 pm');
    expect(sayAround(at('2026-12-05T08:10:00Z'), ctx)).toBe('tomorrow around 12:10 am');
    expect(sayAround(at('2026-12-08T03:30:00Z'), ctx)).toBe('on Monday around 7:30 pm');
  });

  it('says a clock time alone, midnight included', () => {
    expect(sayClock(at('2026-12-05T03:15:00Z'), timezone)).toBe('7:15 pm');
    expect(sayClock(at('2026-12-05T08:00:00Z'), timezone)).toBe('midnight');
    expect(sayClock(at('2026-12-05T20:00:00Z'), timezone)).toBe('noon');
  });

  it('tells when an order will be ready: as soon as possible, scheduled, when asked again, and late', () => {
    const asap = { fulfillment: 'pickup' as const, promisedAt: '2026-12-04T19:40:00.000-08:00', requestedTime: null };
    expect(sayPromise(asap, 'placed', ctx)).toBe('It will be ready for pickup around 7:40 pm.');
    expect(sayPromise(asap, 'quote', ctx)).toBe('It would be ready for pickup around 7:40 pm.');
    expect(sayPromise(asap, 'status', ctx)).toBe('It should be ready for pickup around 7:40 pm.');
    const door = { ...asap, fulfillment: 'delivery' as const, promisedAt: '2026-12-04T20:05:00.000-08:00' };
    expect(sayPromise(door, 'placed', ctx)).toBe('It will be at your door around 8:05 pm.');

    const scheduled = {
      fulfillment: 'pickup' as const,
      promisedAt: '2026-12-05T12:00:00.000-08:00',
      requestedTime: '2026-12-05T12:00:00.000-08:00',
    };
    expect(sayPromise(scheduled, 'placed', ctx)).toBe('It is scheduled for tomorrow at noon, ready for pickup then.');
    expect(sayPromise(scheduled, 'quote', ctx)).toBe('It would be scheduled for tomorrow at noon, ready for pickup then.');
    expect(sayPromise({ ...scheduled, fulfillment: 'delivery' }, 'status', ctx)).toBe(
      'It is scheduled for tomorrow at noon, at your door then.',
    );
    const saturday = { ...scheduled, promisedAt: '2026-12-09T19:30:00.000-08:00', requestedTime: '2026-12-09T19:30:00.000-08:00' };
    expect(sayPromise(saturday, 'placed', ctx)).toBe('It is scheduled for Wednesday at 7:30 pm, ready for pickup then.');

    const late = { ...asap, promisedAt: '2026-12-04T16:50:00.000-08:00' };
    expect(sayPromise(late, 'status', ctx)).toBe('It was due around 4:50 pm and should be ready very soon.');
    expect(sayPromise({ ...late, fulfillment: 'delivery' }, 'status', ctx)).toBe(
      'It was due at your door around 4:50 pm and should be there very soon.',
    );
    expect(sayPromise({ ...asap, promisedAt: null }, 'status', ctx)).toBe('');
  });

  it('says the time only while the caller still waits for it', () => {
    expect(['received', 'confirmed', 'preparing'].every((s) => promiseStillAhead(s as 'received', 'pickup'))).toBe(true);
    expect(promiseStillAhead('ready', 'pickup')).toBe(false);
    expect(promiseStillAhead('ready', 'delivery')).toBe(true);
    expect(promiseStillAhead('out_for_delivery', 'delivery')).toBe(true);
    expect(promiseStillAhead('completed', 'delivery')).toBe(false);
    expect(promiseStillAhead('cancelled', 'pickup')).toBe(false);
  });

  it('says when a time was moved up to a slot, and nothing when it was not', () => {
    const moved = { kind: 'at' as const, at: at('2026-12-05T02:15:00Z'), asked: at('2026-12-05T02:02:00Z') };
    expect(sayRoundedUp(moved, 15, ctx)).toBe(
      'We schedule orders every 15 minutes, so it is for 6:15 pm rather than 6:02 pm; tell the caller.',
    );
    expect(sayRoundedUp({ ...moved, asked: moved.at }, 15, ctx)).toBe('');
  });

  it('offers a few open times of a day, and sums up the rest', () => {
    const from = (iso: string, count: number) => Array.from({ length: count }, (_, i) => slots.next(at(iso), i));
    expect(sayOpenTimes(from('2026-12-05T03:15:00Z', 11), ctx)).toBe(
      'Tonight we have 7:15 pm, 7:30 pm or 7:45 pm, and later times until 9:45 pm.',
    );
    expect(sayOpenTimes(from('2026-12-04T21:00:00Z', 2), ctx)).toBe('Today we have 1 pm or 1:15 pm.');
    expect(sayOpenTimes(from('2026-12-05T19:00:00Z', 44), ctx)).toBe(
      'Tomorrow we have 11 am, 11:15 am or 11:30 am, and later times until 9:45 pm.',
    );
    expect(sayOpenTimes(from('2026-12-07T19:00:00Z', 1), ctx)).toBe('On Monday we have 11 am.');
    // A window past midnight: its last times are said as the clock says them.
    expect(sayOpenTimes(from('2026-12-05T07:30:00Z', 8), ctx)).toBe(
      'Tonight we have 11:30 pm, 11:45 pm or midnight, and later times until 1:15 am.',
    );
  });

  it('names a day and writes an exact time short', () => {
    expect(sayDay('2026-12-04', slots, ctx)).toBe('today');
    expect(sayDay('2026-12-05', slots, ctx)).toBe('tomorrow');
    expect(sayDay('2026-12-07', slots, ctx)).toBe('on Monday');
    expect(sayDay('2026-12-25', slots, ctx)).toBe('on Dec 25');
    expect(compactIso(at('2026-12-05T03:15:00Z'), timezone)).toBe('2026-12-04T19:15-08:00');
  });
});
