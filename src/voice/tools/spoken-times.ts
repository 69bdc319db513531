import { DateTime } from 'luxon';
import { joinAlternatives } from '@/common/spoken-list.js';
import type { Fulfillment, OrderStatus } from '@/orders/order-status.js';
import type { SlotClock } from '@/scheduling/slot-clock.js';
import { parseSpokenTime, sayTime, type SpokenTimeContext } from '@/scheduling/spoken-time.js';

/**
 * Times on the phone: what the caller said turned into a time the kitchen can take (a slot start), and the times the
 * tools give back turned into words ("ready for pickup around 7:40 pm", "tomorrow we have 11 am, 11:15 am or
 * 11:30 am"). Pure: the restaurant's clock, zone and slots come in as arguments.
 */

export type RequestedTime =
  | { kind: 'asap' }
  /** `at` is a slot start; `asked` is what the caller said, before it was moved up to that slot. */
  | { kind: 'at'; at: Date; asked: Date }
  /** `message`: the question to ask the caller, as one sentence. */
  | { kind: 'unclear'; message: string };

export type SpokenDay =
  /** `from`: the caller named a time too ("tomorrow around 7"), so only slots from then on are of interest. */
  { kind: 'day'; day: string; from?: Date } | { kind: 'unclear'; message: string };

/** What a promise is said from: an OrderDto or a QuoteDto. */
export interface Promised {
  fulfillment: Fulfillment;
  /** ISO; null only for orders placed before promised times existed. */
  promisedAt: string | null;
  /** ISO; null: as soon as possible. */
  requestedTime: string | null;
}

/** The same promise, said before the order exists, as it is confirmed, or when the caller asks where it is. */
export type PromiseMood = 'quote' | 'placed' | 'status';

type Now = Pick<SpokenTimeContext, 'now' | 'timezone'>;

/** A model may send an instant instead of the caller's words: `2026-12-05T12:00:00-08:00`, or without an offset (restaurant time). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const NO_TIME = "Sorry, I didn't catch the time. What time would you like it?";
const NO_DAY = "Sorry, I didn't catch the day. Which day would you like, for example today or tomorrow?";

/**
 * When the caller wants the order. Nothing said, or "as soon as possible", is `asap`; a time is moved up to the next
 * slot start when it falls between two (a caller's "in an hour" is rarely on the quarter hour). Whether the kitchen
 * can take that slot (lead time, opening hours, room) is the order's own check, which refuses with the next open times.
 */
export function readRequestedTime(text: string | undefined, ctx: SpokenTimeContext, slots: SlotClock): RequestedTime {
  const said = (text ?? '').trim();
  const parsed = ISO_INSTANT.test(said) ? isoInstant(said, ctx.timezone) : parseSpokenTime(said, ctx);
  if (parsed.kind !== 'at') return parsed;
  return { kind: 'at', at: slots.ceil(parsed.at), asked: parsed.at };
}

/**
 * The service day a caller asks about ("today", "tomorrow evening", "Saturday", "December 12th", `2026-12-12`), and
 * the time from which they want it when they said one ("tomorrow around 7"); nothing said is today.
 */
export function readSpokenDay(text: string | undefined, ctx: SpokenTimeContext, slots: SlotClock): SpokenDay {
  const said = (text ?? '').trim();
  const today = slots.dayOf(ctx.now);
  if (ISO_DAY.test(said)) {
    return DateTime.fromISO(said, { zone: ctx.timezone }).isValid ? { kind: 'day', day: said } : { kind: 'unclear', message: NO_DAY };
  }
  const exact = ISO_INSTANT.test(said) ? isoInstant(said, ctx.timezone) : parseSpokenTime(said, ctx);
  if (exact.kind === 'asap') return { kind: 'day', day: today };
  if (exact.kind === 'at') return { kind: 'day', day: slots.dayOf(exact.at), from: exact.at };
  // A day without a time ("tomorrow", "Saturday"): read with a time that is on that day whatever else was said,
  // late in the evening (still ahead today) or, for "tomorrow morning", late in the morning.
  for (const anchor of ['at 11:59 pm', 'at 11:59 am']) {
    const read = parseSpokenTime(`${said} ${anchor}`, ctx);
    if (read.kind !== 'at') continue;
    const day = slots.dayOf(read.at);
    const startsAt = partOfDay(said);
    return startsAt === undefined ? { kind: 'day', day } : { kind: 'day', day, from: slots.instant(day, startsAt) };
  }
  return { kind: 'unclear', message: NO_DAY };
}

/** "around 7:40 pm", "tomorrow around 12:10 am", "on Saturday around 7:30 pm". */
export function sayAround(at: Date, ctx: Now): string {
  const said = sayTime(at, ctx);
  const dayAndClock = /^(.*) at (.+)$/.exec(said);
  return dayAndClock ? `${dayAndClock[1]} around ${dayAndClock[2]}` : `around ${said}`;
}

/** After "for": "7:30 pm", "tomorrow at noon", "Saturday at 7:30 pm", "Dec 12 at 7:30 pm". */
export function sayFor(at: Date, ctx: Now): string {
  return sayTime(at, ctx).replace(/^on /, '');
}

/** The clock time alone, as on the day it is: "7:30 pm", "noon", "midnight" (the end of the evening before). */
export function sayClock(at: Date, timezone: string): string {
  return sayTime(at, { now: new Date(at.getTime() - 60_000), timezone });
}

/**
 * When the food will be ready, or at the door: "It will be ready for pickup around 7:40 pm.", "It is scheduled for
 * tomorrow at noon, ready for pickup then."; an order past its time "should be ready very soon". Empty when the order
 * has no promise.
 */
export function sayPromise(order: Promised, mood: PromiseMood, ctx: Now): string {
  if (!order.promisedAt) return '';
  const at = new Date(order.promisedAt);
  const delivery = order.fulfillment === 'delivery';
  if (order.requestedTime) {
    const then = delivery ? 'at your door then' : 'ready for pickup then';
    return `It ${mood === 'quote' ? 'would be' : 'is'} scheduled for ${sayFor(at, ctx)}, ${then}.`;
  }
  const where = delivery ? 'at your door' : 'ready for pickup';
  if (mood === 'status' && at.getTime() <= ctx.now.getTime()) {
    return `It was due ${delivery ? 'at your door ' : ''}${sayAround(at, ctx)} and should be ${delivery ? 'there' : 'ready'} very soon.`;
  }
  const lead = { quote: 'It would be', placed: 'It will be', status: 'It should be' }[mood];
  return `${lead} ${where} ${sayAround(at, ctx)}.`;
}

/** Whether a caller asking about an order still wants to hear its time: not once it is ready (pickup), done or cancelled. */
export function promiseStillAhead(status: OrderStatus, fulfillment: Fulfillment): boolean {
  if (status === 'received' || status === 'confirmed' || status === 'preparing') return true;
  return fulfillment === 'delivery' && (status === 'ready' || status === 'out_for_delivery');
}

/** "We schedule orders every 15 minutes, so it is for 6:15 pm rather than 6:02 pm." */
export function sayRoundedUp(time: Extract<RequestedTime, { kind: 'at' }>, slotMinutes: number, ctx: Now): string {
  if (time.at.getTime() === time.asked.getTime()) return '';
  return `We schedule orders every ${slotMinutes} minutes, so it is for ${sayFor(time.at, ctx)} rather than ${sayFor(time.asked, ctx)}; tell the caller.`;
}

/** How many open times are read out; the rest are summed up as "later times until ...". */
export const TIMES_SAID = 3;

/**
 * A day's open slots in one breath: "Tonight we have 7:15 pm, 7:30 pm or 7:45 pm, and later times until 9:45 pm.",
 * "Tomorrow we have 11 am, 11:15 am or 11:30 am, ...". The slots are in order and all of one service day.
 */
export function sayOpenTimes(starts: readonly Date[], ctx: Now): string {
  const shown = starts.slice(0, TIMES_SAID);
  const first = sayTime(shown[0], ctx);
  const dayAndClock = /^(.*) at (.+)$/.exec(first);
  const eveningHour = 17;
  const label = dayAndClock
    ? capitalize(dayAndClock[1])
    : DateTime.fromJSDate(shown[0], { zone: ctx.timezone }).hour >= eveningHour
      ? 'Tonight'
      : 'Today';
  const later = starts.length > shown.length ? `, and later times until ${sayClock(starts[starts.length - 1], ctx.timezone)}` : '';
  return `${label} we have ${joinAlternatives(shown.map((at) => sayClock(at, ctx.timezone)))}${later}.`;
}

/** How a day is named: "today", "tomorrow", "on Saturday", "on Dec 12". */
export function sayDay(day: string, slots: SlotClock, ctx: Now): string {
  const noon = sayTime(slots.instant(day, 12 * 60), ctx);
  return noon === 'noon' ? 'today' : noon.replace(/ at noon$/, '');
}

/** `2026-12-04T17:45-08:00`: an exact time the model can pass back as `time`, short. */
export function compactIso(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toISO({ suppressSeconds: true, suppressMilliseconds: true })!;
}

function isoInstant(text: string, timezone: string): { kind: 'at'; at: Date } | { kind: 'unclear'; message: string } {
  const at = DateTime.fromISO(text.replace(' ', 'T'), { zone: timezone });
  return at.isValid ? { kind: 'at', at: at.toJSDate() } : { kind: 'unclear', message: NO_TIME };
}

/** Minutes into the day a part of it starts at, when the caller named one ("tomorrow evening", "tonight"). */
function partOfDay(text: string): number | undefined {
  const words = text.toLowerCase();
  if (/\b(tonight|evening|night)\b/.test(words)) return 17 * 60;
  if (/\bafternoon\b/.test(words)) return 12 * 60;
  return undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
