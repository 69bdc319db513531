import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@/common/domain-error.js';
import type { RestaurantConfig } from '@/config/restaurant.config.js';
import type { SchedulingConfig } from '@/config/scheduling.config.js';
import { OpeningHours } from '@/orders/opening-hours.js';
import type { OrderingState, OrderingStateService } from './ordering-state.service.js';
import { PlanInput, SchedulingService } from './scheduling.service.js';
import type { SlotBook } from './slot-book.repository.js';

const NY = 'America/New_York';
const cfg: SchedulingConfig = {
  prepBaseMinutes: 15,
  prepPerItemMinutes: 2,
  slotMinutes: 15,
  leadMinutes: 30,
  aheadDays: 2,
  capacity: { pickup: 2, delivery: 1 },
  deliveryBaseMinutes: 10,
  deliveryMinutesPerKm: 3,
};
const open: OrderingState = {
  paused: false,
  resumesAt: null,
  busyMinutes: 0,
  busyUntil: null,
  updatedBy: null,
  updatedAt: null,
  active: false,
};

/** The service with slot counts held in a map, the hours given, and the state `state`. */
function scheduling(hours = 'Mon-Sun 11:00-22:00', taken = new Map<number, number>(), state: OrderingState = open) {
  const restaurant = { name: 'Test Trattoria', timezone: NY, openingHours: OpeningHours.parse(hours, NY) } as RestaurantConfig;
  const book = {
    taken: (_f: string, from: Date, to: Date) =>
      Promise.resolve(new Map([...taken].filter(([at]) => at >= from.getTime() && at < to.getTime()))),
  } as unknown as SlotBook;
  const states = { current: () => Promise.resolve(state) } as unknown as OrderingStateService;
  return new SchedulingService(cfg, restaurant, states, book);
}

const pickup = (lines = 3, requestedTime: string | null = null): PlanInput => ({
  fulfillment: 'pickup',
  requestedTime: requestedTime ? new Date(requestedTime) : null,
  lines: [{ quantity: lines, prepMinutes: null }],
  distanceMeters: null,
});
const refusal = async (promise: Promise<unknown>) => {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
};

// Friday 2026-12-04, 18:02 in New York (EST, UTC-5).
const now = new Date('2026-12-04T23:02:00Z');

describe('SchedulingService', () => {
  it('promises an order as soon as possible for now + base + portions, in the slot that time falls in', async () => {
    const plan = await scheduling().plan(pickup(3), now, open, true);
    expect(plan).toMatchObject({ requestedTime: null, prepStartAt: now, capacity: 2 }); // now is a whole minute
    expect(plan.promisedAt.toISOString()).toBe('2026-12-04T23:23:00.000Z'); // 18:02 + 15 + 3 x 2
    expect(plan.slotAt.toISOString()).toBe('2026-12-04T23:15:00.000Z');
  });

  it('adds the busy minutes and, for a delivery, the drive', async () => {
    const busy = { ...open, busyMinutes: 20, active: true };
    const delivery: PlanInput = { ...pickup(1), fulfillment: 'delivery', distanceMeters: 2000 };
    const plan = await scheduling().plan(delivery, now, busy, false);
    // 18:02 + 17 prep + 20 busy + 16 travel = 18:55
    expect(plan.promisedAt.toISOString()).toBe('2026-12-04T23:55:00.000Z');
    expect(plan.capacity).toBe(1);
  });

  it('moves an order as soon as possible past full slots, promising the first slot with room', async () => {
    const full = new Map([
      [Date.parse('2026-12-04T23:15:00Z'), 2],
      [Date.parse('2026-12-04T23:30:00Z'), 2],
    ]);
    const plan = await scheduling(undefined, full).plan(pickup(3), now, open, true);
    expect(plan.slotAt.toISOString()).toBe('2026-12-04T23:45:00.000Z');
    expect(plan.promisedAt.toISOString()).toBe('2026-12-04T23:45:00.000Z');
    expect(plan.prepStartAt.toISOString()).toBe('2026-12-04T23:24:00.000Z'); // started 22 minutes later than now
  });

  it('takes a scheduled time as the promise and starts the kitchen early enough for it', async () => {
    const plan = await scheduling().plan(pickup(3, '2026-12-05T00:30:00Z'), now, open, true); // 19:30
    expect(plan.promisedAt.toISOString()).toBe('2026-12-05T00:30:00.000Z');
    expect(plan.slotAt.toISOString()).toBe('2026-12-05T00:30:00.000Z');
    expect(plan.prepStartAt.toISOString()).toBe('2026-12-05T00:09:00.000Z'); // 19:30 - 21 minutes
  });

  it.each([
    ['TIME_TOO_SOON', '2026-12-04T23:30:00Z', "Sorry, we need at least 30 minutes' notice for an order ahead."],
    ['TIME_TOO_SOON', '2026-12-04T22:00:00Z', 'has already passed'],
    ['TIME_NOT_ON_SLOT', '2026-12-05T00:37:00Z', 'We schedule orders every 15 minutes'],
    ['TIME_CLOSED', '2026-12-05T04:00:00Z', 'Sorry, we are closed at 11 pm.'],
    ['TIME_TOO_FAR', '2026-12-07T17:00:00Z', 'Sorry, we take orders at most 2 days ahead.'], // Monday noon
  ])('refuses %s (%s) with a sentence and the next open slots', async (code, at, words) => {
    const err = await refusal(scheduling().plan(pickup(1, at), now, open, true));
    expect(err.code).toBe(code);
    expect(err.message).toContain(words);
    const next = (err.details!.nextSlots as { time: string }[]).map((s) => s.time);
    if (code === 'TIME_TOO_FAR') expect(next).toEqual([]);
    else expect(next).toHaveLength(3);
    if (code === 'TIME_TOO_SOON') expect(next).toEqual(['18:45', '19:00', '19:15']);
    if (code === 'TIME_CLOSED') {
      expect(next).toEqual(['11:00', '11:15', '11:30']);
      expect(err.message).toBe('Sorry, we are closed at 11 pm. We have tomorrow at 11 am, 11:15 am or 11:30 am.');
    }
  });

  it('refuses a full slot with SLOT_FULL and offers the next ones with room', async () => {
    const full = new Map([
      [Date.parse('2026-12-05T00:30:00Z'), 2],
      [Date.parse('2026-12-05T00:45:00Z'), 2],
    ]);
    const err = await refusal(scheduling(undefined, full).plan(pickup(1, '2026-12-05T00:30:00Z'), now, open, true));
    expect(err.code).toBe('SLOT_FULL');
    expect((err.details!.nextSlots as { time: string }[]).map((s) => s.time)).toEqual(['20:00', '20:15', '20:30']);
    expect(err.message).toBe('Sorry, 7:30 pm is fully booked. We have 8 pm, 8:15 pm or 8:30 pm.');
  });

  it('refuses every order while paused, saying when orders resume', async () => {
    const paused = { ...open, paused: true, resumesAt: '2026-12-05T00:30:00.000Z', active: true };
    const err = await refusal(scheduling('24/7', new Map(), paused).assertTakingOrders(now));
    expect(err.code).toBe('ORDERING_PAUSED');
    expect(err.details).toEqual({ resumesAt: '2026-12-04T19:30:00.000-05:00' });
    expect(err.message).toBe('Sorry, Test Trattoria is not taking new orders right now. We start again at 7:30 pm.');
  });

  it("lists a day's open slots from the lead time on, without full ones, and nothing past ORDER_AHEAD_DAYS", async () => {
    const full = new Map([[Date.parse('2026-12-04T23:45:00Z'), 2]]);
    // From 18:32 on (18:02 + 30 minutes), until 19:30; 18:45 is full.
    const slots = await scheduling('Mon-Sun 11:00-19:30', full).openSlots('2026-12-04', 'pickup', now);
    expect(slots).toEqual([
      { start: '2026-12-04T19:00:00.000-05:00', time: '19:00', capacity: 2, remaining: 2 },
      { start: '2026-12-04T19:15:00.000-05:00', time: '19:15', capacity: 2, remaining: 2 },
    ]);
    expect(await scheduling().openSlots('2026-12-07', 'pickup', now)).toEqual([]);
    expect(await scheduling().openSlots('2026-12-02', 'pickup', now)).toEqual([]);
  });
});
