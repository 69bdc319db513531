import { DateTime } from 'luxon';
import type { OpeningHours } from '@/orders/opening-hours.js';

const MINUTE_MS = 60_000;

/**
 * Slot arithmetic in the restaurant's time zone. A slot starts on a wall-clock multiple of its length (19:00,
 * 19:15, ...). Steps between slots are taken in real time, so the days the clocks change come out right: on the
 * spring-forward night 01:45 is followed by 03:00, and on the fall-back night 01:00 to 01:45 come twice (two
 * different instants, both real slots). A slot divides the hour, and the clocks move by a whole or half hour.
 */
export class SlotClock {
  constructor(
    readonly timezone: string,
    readonly slotMinutes: number,
  ) {}

  /** Minutes since local midnight, and the local calendar day, of an instant. */
  local(at: Date): DateTime {
    return DateTime.fromJSDate(at, { zone: this.timezone });
  }

  /** Whether `at` is exactly on a slot boundary (no seconds). */
  isBoundary(at: Date): boolean {
    const local = this.local(at);
    return local.second === 0 && local.millisecond === 0 && (local.hour * 60 + local.minute) % this.slotMinutes === 0;
  }

  /** The start of the slot `at` falls in. */
  slotOf(at: Date): Date {
    const local = this.local(at);
    const into = ((local.hour * 60 + local.minute) % this.slotMinutes) * MINUTE_MS + local.second * 1000 + local.millisecond;
    return new Date(at.getTime() - into);
  }

  /** The first slot boundary at or after `at`. */
  ceil(at: Date): Date {
    const start = this.slotOf(at);
    return start.getTime() === at.getTime() ? start : this.next(start);
  }

  /** The slot after the one starting at `slot`. */
  next(slot: Date, count = 1): Date {
    return new Date(slot.getTime() + count * this.slotMinutes * MINUTE_MS);
  }

  /** The restaurant's calendar day (YYYY-MM-DD) of an instant. */
  dayOf(at: Date): string {
    return this.local(at).toISODate()!;
  }

  /** `day` plus `days` calendar days. */
  addDays(day: string, days: number): string {
    return DateTime.fromISO(day, { zone: this.timezone }).plus({ days }).toISODate()!;
  }

  /**
   * The instant of a wall-clock time on a day (minute may pass 24 h: the next day's). A time the clocks skip
   * (02:30 on the spring-forward night) becomes the first instant after the gap.
   */
  instant(day: string, minuteOfDay: number): Date {
    const midnight = DateTime.fromISO(day, { zone: this.timezone }).startOf('day');
    const dayShift = Math.floor(minuteOfDay / 1440);
    const m = minuteOfDay % 1440;
    return midnight
      .plus({ days: dayShift })
      .set({ hour: Math.floor(m / 60), minute: m % 60 })
      .toJSDate();
  }

  /**
   * The slots of one service day: those of each opening window that opens on `day`, up to (not at) its closing
   * time, so a window such as Fri 18:00-02:00 gives Friday's slots until 01:45 on Saturday morning.
   */
  slotsOfDay(day: string, hours: OpeningHours): Date[] {
    const slots: Date[] = [];
    const weekday = DateTime.fromISO(day, { zone: this.timezone }).weekday % 7; // luxon: Monday 1 .. Sunday 7
    // Stepping by a divisor of 30 minutes as well as of the slot finds every boundary even where the clocks move by
    // half an hour (Lord Howe Island) and a slot of 20 or 60 minutes would step off the grid.
    const stepMs = gcd(this.slotMinutes, 30) * MINUTE_MS;
    for (const window of hours.windowsOn(weekday)) {
      const end = this.instant(day, window.closeMinute).getTime();
      for (let at = this.ceil(this.instant(day, window.openMinute)).getTime(); at < end; at += stepMs) {
        if (this.isBoundary(new Date(at))) slots.push(new Date(at));
      }
    }
    return slots.sort((a, b) => a.getTime() - b.getTime());
  }

  /** ISO 8601 with the restaurant's offset (`2026-12-04T19:15:00.000-05:00`): an instant a person reads in local time. */
  iso(at: Date): string {
    return this.local(at).toISO()!;
  }

  /** Wall-clock time, `19:15`. */
  hhmm(at: Date): string {
    return this.local(at).toFormat('HH:mm');
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
