import { dateFormat } from '@/common/date-format.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

interface Window {
  /** Minutes since Sunday 00:00, restaurant time. `end` may pass the week's end for Sat night. */
  start: number;
  end: number;
}

/** Local weekday (0 = Sunday) and minute of day of an instant in a time zone. */
export function localClock(at: Date, timezone: string): { day: number; minute: number } {
  const parts = dateFormat('en-US', {
    timeZone: timezone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    day: DAYS.indexOf(get('weekday') as (typeof DAYS)[number]),
    minute: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

/**
 * Opening hours such as `24/7` or `Mon-Fri 11:00-22:00; Sat-Sun 12:00-23:00`, in restaurant time.
 * A range that closes at or before it opens (`18:00-02:00`) runs past midnight into the next day.
 */
export class OpeningHours {
  private constructor(
    readonly text: string,
    readonly timezone: string,
    private readonly windows: Window[] | 'always',
  ) {}

  static parse(text: string, timezone: string): OpeningHours {
    const trimmed = text.trim();
    if (/^24\/7$/i.test(trimmed)) return new OpeningHours('24/7', timezone, 'always');
    const windows: Window[] = [];
    for (const segment of trimmed
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const match = /^([A-Za-z,\- ]+?)\s+(\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2}(?:\s*,\s*\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2})*)$/.exec(segment);
      if (!match) throw new Error(`OPENING_HOURS: cannot read "${segment}" (expected e.g. "Mon-Fri 11:00-22:00")`);
      const days = parseDays(match[1], segment);
      for (const range of match[2].split(',')) {
        const [open, close] = range.split('-').map((t) => parseTime(t.trim(), segment));
        for (const day of days) {
          const start = day * MINUTES_PER_DAY + open;
          const length = close > open ? close - open : close + MINUTES_PER_DAY - open;
          windows.push({ start, end: start + length });
        }
      }
    }
    if (windows.length === 0) throw new Error('OPENING_HOURS is empty (use "24/7" or e.g. "Mon-Sun 11:00-22:00")');
    return new OpeningHours(trimmed, timezone, windows);
  }

  get alwaysOpen(): boolean {
    return this.windows === 'always';
  }

  /** Whether the restaurant is open at `at` (the caller reads it from the Clock). */
  isOpen(at: Date): boolean {
    if (this.windows === 'always') return true;
    const { day, minute } = localClock(at, this.timezone);
    const now = day * MINUTES_PER_DAY + minute;
    return this.windows.some(
      (w) => (now >= w.start && now < w.end) || (now + MINUTES_PER_WEEK >= w.start && now + MINUTES_PER_WEEK < w.end),
    );
  }

  /**
   * The windows that open on a weekday (0 = Sunday), as minutes since that day's local midnight; `closeMinute` passes
   * 1440 when the window runs past midnight. Always open: the whole day.
   */
  windowsOn(weekday: number): { openMinute: number; closeMinute: number }[] {
    if (this.windows === 'always') return [{ openMinute: 0, closeMinute: MINUTES_PER_DAY }];
    return this.windows
      .filter((w) => Math.floor(w.start / MINUTES_PER_DAY) === weekday)
      .sort((a, b) => a.start - b.start)
      .map((w) => ({ openMinute: w.start % MINUTES_PER_DAY, closeMinute: (w.start % MINUTES_PER_DAY) + (w.end - w.start) }));
  }

  /** Today's hours in words, e.g. "today we are open 11:00 to 22:00". */
  describeToday(at: Date): string {
    if (this.windows === 'always') return 'We are open 24 hours a day, 7 days a week.';
    const { day } = localClock(at, this.timezone);
    const today = this.windows
      .filter((w) => Math.floor(w.start / MINUTES_PER_DAY) === day)
      .sort((a, b) => a.start - b.start)
      .map((w) => `${formatMinute(w.start)} to ${formatMinute(w.end)}`);
    return today.length === 0 ? 'We are closed today.' : `Today we are open ${today.join(' and ')}.`;
  }

  toString(): string {
    return this.text;
  }
}

function parseDays(text: string, segment: string): number[] {
  const result = new Set<number>();
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [from, to] = part.split('-').map((d) => dayIndex(d.trim(), segment));
    if (to === undefined) {
      result.add(from);
      continue;
    }
    for (let d = from; ; d = (d + 1) % 7) {
      result.add(d);
      if (d === to) break;
    }
  }
  return [...result];
}

function dayIndex(name: string, segment: string): number {
  const index = DAYS.findIndex((d) => d.toLowerCase() === name.slice(0, 3).toLowerCase());
  if (index < 0 || name.length < 3) throw new Error(`OPENING_HOURS: unknown day "${name}" in "${segment}"`);
  return index;
}

function parseTime(text: string, segment: string): number {
  const [h, m] = text.split(':').map(Number);
  if (!(h >= 0 && h <= 24 && m >= 0 && m < 60) || (h === 24 && m !== 0)) {
    throw new Error(`OPENING_HOURS: bad time "${text}" in "${segment}"`);
  }
  return h * 60 + m;
}

function formatMinute(minuteOfWeek: number): string {
  const m = minuteOfWeek % MINUTES_PER_DAY;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
