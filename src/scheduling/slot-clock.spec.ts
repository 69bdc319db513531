import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { OpeningHours } from '@/orders/opening-hours.js';
import { SlotClock } from './slot-clock.js';

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';
const hhmm = (clock: SlotClock, slots: Date[]) => slots.map((s) => clock.hhmm(s));
const iso = (slots: Date[]) => slots.map((s) => s.toISOString());

describe('SlotClock', () => {
  const ny = new SlotClock(NY, 15);

  it('knows a boundary in local time (a 45-minute offset zone included)', () => {
    expect(ny.isBoundary(new Date('2026-12-04T00:15:00Z'))).toBe(true); // 19:15 EST
    expect(ny.isBoundary(new Date('2026-12-04T00:16:00Z'))).toBe(false);
    expect(ny.isBoundary(new Date('2026-12-04T00:15:30Z'))).toBe(false);
    const kathmandu = new SlotClock('Asia/Kathmandu', 15); // UTC+05:45
    expect(kathmandu.isBoundary(new Date('2026-12-04T13:15:00Z'))).toBe(true); // 19:00 local
    expect(kathmandu.isBoundary(new Date('2026-12-04T13:05:00Z'))).toBe(false); // 18:50 local
  });

  it('floors and ceils to slots in local time', () => {
    expect(ny.slotOf(new Date('2026-12-04T00:29:59.999Z')).toISOString()).toBe('2026-12-04T00:15:00.000Z');
    expect(ny.ceil(new Date('2026-12-04T00:15:00Z')).toISOString()).toBe('2026-12-04T00:15:00.000Z');
    expect(ny.ceil(new Date('2026-12-04T00:15:01Z')).toISOString()).toBe('2026-12-04T00:30:00.000Z');
  });

  describe('the slots of a service day', () => {
    it('run from opening to the last slot before closing', () => {
      const hours = OpeningHours.parse('Mon-Fri 11:00-14:00, 17:00-18:00', NY);
      const slots = ny.slotsOfDay('2026-12-04', hours); // a Friday
      expect(hhmm(ny, slots)).toEqual([
        ...['11:00', '11:15', '11:30', '11:45', '12:00', '12:15', '12:30', '12:45', '13:00', '13:15', '13:30', '13:45'],
        ...['17:00', '17:15', '17:30', '17:45'],
      ]);
      expect(ny.slotsOfDay('2026-12-05', hours)).toEqual([]); // Saturday: closed
    });

    it('start at the first boundary after an opening time off the grid', () => {
      const hours = OpeningHours.parse('Mon-Sun 11:10-12:00', NY);
      expect(hhmm(ny, ny.slotsOfDay('2026-12-04', hours))).toEqual(['11:15', '11:30', '11:45']);
    });

    it('include the hours past midnight of a window that runs on, under the day it opened', () => {
      const hours = OpeningHours.parse('Fri 23:00-01:30', NY);
      const slots = ny.slotsOfDay('2026-12-04', hours);
      expect(hhmm(ny, slots)).toEqual(['23:00', '23:15', '23:30', '23:45', '00:00', '00:15', '00:30', '00:45', '01:00', '01:15']);
      expect(ny.dayOf(slots[4])).toBe('2026-12-05');
    });

    it('skip the hour the clocks jump on the spring-forward night (New York, 2026-03-08)', () => {
      const hours = OpeningHours.parse('Sat 23:00-04:00', NY);
      const slots = ny.slotsOfDay('2026-03-07', hours);
      expect(hhmm(ny, slots)).toEqual([
        ...['23:00', '23:15', '23:30', '23:45', '00:00', '00:15', '00:30', '00:45', '01:00', '01:15', '01:30', '01:45'],
        ...['03:00', '03:15', '03:30', '03:45'],
      ]);
      // 01:45 EST and 03:00 EDT are 15 real minutes apart.
      expect(slots[12].getTime() - slots[11].getTime()).toBe(15 * 60_000);
    });

    it('hold the repeated hour twice, as two instants, on the fall-back night (New York, 2026-11-01)', () => {
      const hours = OpeningHours.parse('Sat 23:30-02:00', NY);
      const slots = ny.slotsOfDay('2026-10-31', hours);
      expect(hhmm(ny, slots)).toEqual([
        ...['23:30', '23:45', '00:00', '00:15', '00:30', '00:45'],
        ...['01:00', '01:15', '01:30', '01:45', '01:00', '01:15', '01:30', '01:45'],
      ]);
      expect(new Set(iso(slots)).size).toBe(slots.length);
      expect(ny.iso(slots[6])).toBe('2026-11-01T01:00:00.000-04:00');
      expect(ny.iso(slots[10])).toBe('2026-11-01T01:00:00.000-05:00');
    });

    it.each([
      ['the spring-forward day', '2026-03-29', ['01:30', '01:45', '03:00', '03:15'], '2026-03-29T00:30:00.000Z'],
      [
        'the fall-back day',
        '2026-10-25',
        ['01:30', '01:45', '02:00', '02:15', '02:30', '02:45', '02:00', '02:15', '02:30', '02:45', '03:00', '03:15'],
        '2026-10-24T23:30:00.000Z',
      ],
    ])('in Berlin on %s', (_name, day, expected, first) => {
      const berlin = new SlotClock(BERLIN, 15);
      const hours = OpeningHours.parse('Sun 01:30-03:30', BERLIN);
      const slots = berlin.slotsOfDay(day, hours);
      expect(hhmm(berlin, slots)).toEqual(expected);
      expect(slots[0].toISOString()).toBe(first);
    });

    it('cover the whole day when always open', () => {
      const slots = ny.slotsOfDay('2026-03-08', OpeningHours.parse('24/7', NY));
      expect(slots).toHaveLength(24 * 4 - 4); // the day has 23 hours
      expect(ny.hhmm(slots[0])).toBe('00:00');
      expect(ny.hhmm(slots[slots.length - 1])).toBe('23:45');
    });
  });

  it('gives, for any zone, day and slot length, slot boundaries in time order at which the restaurant is open', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(NY, BERLIN, 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC'),
        fc.integer({ min: 0, max: 365 }),
        fc.constantFrom(5, 10, 15, 20, 30, 60),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 1, max: 30 }),
        (zone, dayOffset, minutes, openHour, lengthHalfHours) => {
          const clock = new SlotClock(zone, minutes);
          const day = clock.addDays('2026-01-01', dayOffset);
          const close = (openHour * 60 + lengthHalfHours * 30) % 1440;
          const hours = OpeningHours.parse(`Mon-Sun ${openHour}:00-${Math.floor(close / 60)}:${String(close % 60).padStart(2, '0')}`, zone);
          const slots = clock.slotsOfDay(day, hours);
          for (const [i, slot] of slots.entries()) {
            expect(clock.isBoundary(slot)).toBe(true);
            expect(hours.isOpen(slot)).toBe(true);
            if (i > 0) expect(slot.getTime()).toBeGreaterThan(slots[i - 1].getTime());
          }
          expect(slots.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300, seed: 20261203 },
    );
  });
});
