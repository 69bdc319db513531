import { DateTime } from 'luxon';

/**
 * When a caller wants their food, read from what they said ("half past seven", "tomorrow at noon", "in an
 * hour") and turned into an instant in the restaurant's time zone. Pure: the time and the opening hours come
 * in through the context, so the voice tools pass the Clock's now and tests pick a daylight-saving day.
 *
 * Wall-clock times go through luxon in the restaurant's zone, so an hour that a daylight-saving change skips
 * or repeats follows luxon: a time that does not exist moves forward by the gap ("2:30 am" on the spring day
 * in New York is 3:30 am EDT) and a time that happens twice is the second one, in standard time ("1:30 am" on
 * the autumn day is 1:30 am EST). Durations ("in two hours") are elapsed time, not wall-clock time.
 */
export type SpokenTime =
  | { kind: 'asap' }
  | { kind: 'at'; at: Date }
  /** `message` is one sentence the assistant reads to the caller as it is. */
  | { kind: 'unclear'; message: string };

export interface SpokenTimeContext {
  /** The restaurant Clock's now. */
  now: Date;
  /** IANA zone of the restaurant, e.g. America/New_York. */
  timezone: string;
  /** Whether the restaurant is open at an instant; used to choose am or pm when the caller says neither. */
  isOpen?: (at: Date) => boolean;
}

const NOT_CAUGHT = "Sorry, I didn't catch the time. What time would you like it?";
const NO_SUCH_DATE = "Sorry, I couldn't find that date. What day would you like it?";
/** Longer than any time a person says; the rest is not a time, and the parser never sees a novel. */
const MAX_LENGTH = 200;
const MINUTES_PER_DAY = 24 * 60;
const HALF_DAY = 12 * 60;

/**
 * Reads what a caller said about when they want their food. An empty answer or "as soon as possible" is
 * `asap`. Without am or pm, the reading chosen is the earliest one still ahead at which the restaurant is
 * open (the earliest ahead when it is open at none). Without a day, a time already past today is tomorrow's;
 * a day the caller named stays, even when that time has passed, so the tool can refuse it with a reason
 * instead of moving the order silently. The result is to the minute and not rounded to a slot.
 */
export function parseSpokenTime(text: string, ctx: SpokenTimeContext): SpokenTime {
  if (text.length > MAX_LENGTH) return { kind: 'unclear', message: NOT_CAUGHT };
  const now = inZone(ctx.now, ctx.timezone);
  const tokens = words(text);
  if (tokens.length === 0) return { kind: 'asap' };

  const minutes = relativeMinutes(tokens);
  if (minutes !== null) return { kind: 'at', at: now.startOf('minute').plus({ minutes }).toJSDate() };
  const asap = withoutAsap(tokens);
  if (asap !== undefined)
    return asap.every((t) => t === 'today' || t === 'tonight') ? { kind: 'asap' } : { kind: 'unclear', message: NOT_CAUGHT };

  const when = extractWhen(tokens);
  if (!when) return { kind: 'unclear', message: NOT_CAUGHT };
  if (when.rest.length === 0) {
    return { kind: 'unclear', message: when.label ? `What time ${when.label} would you like it?` : NOT_CAUGHT };
  }
  const clock = readClock(when.rest);
  const minutesOfDay = clock && withPeriod(clock, when.period);
  if (!minutesOfDay) return { kind: 'unclear', message: NOT_CAUGHT };
  const days = candidateDays(when.day, now.startOf('day'));
  if (!days) return { kind: 'unclear', message: NO_SUCH_DATE };
  return { kind: 'at', at: choose(days, minutesOfDay, ctx) };
}

/**
 * How a person says an instant relative to now, in restaurant time: "7:15 pm" today, "tomorrow at noon",
 * "on Saturday at 7:30 pm" within a week, else "on Dec 12 at 7:30 pm" (with the year when it is more than
 * half a year away). Midnight is said as the end of the day before ("tomorrow at midnight"), which is what
 * callers mean and how `parseSpokenTime` reads it back.
 */
export function sayTime(at: Date, ctx: { now: Date; timezone: string }): string {
  const local = inZone(at, ctx.timezone);
  const today = inZone(ctx.now, ctx.timezone).startOf('day');
  const midnight = local.hour === 0 && local.minute === 0;
  const clock = midnight ? 'midnight' : twelveHourClock(local.hour, local.minute);
  const day = (midnight ? local.minus({ days: 1 }) : local).startOf('day');
  const days = Math.round(day.diff(today, 'days').days);
  if (days === 0) return clock;
  if (days === 1) return `tomorrow at ${clock}`;
  if (days === -1) return `yesterday at ${clock}`;
  if (days > 1 && days < 7) return `on ${day.toFormat('cccc')} at ${clock}`;
  return `on ${day.toFormat(Math.abs(days) > 183 ? 'LLL d, yyyy' : 'LLL d')} at ${clock}`;
}

function inZone(at: Date, timezone: string): DateTime {
  const local = DateTime.fromJSDate(at, { zone: timezone }).setLocale('en-US');
  // A zone that luxon cannot read is a configuration error, not something the caller said.
  if (!local.isValid) throw new Error(`spoken time: cannot use time zone "${timezone}" (${local.invalidReason ?? 'invalid'})`);
  return local;
}

function twelveHourClock(hour: number, minute: number): string {
  if (hour === 12 && minute === 0) return 'noon';
  const h = hour % 12 === 0 ? 12 : hour % 12;
  const mm = minute === 0 ? '' : `:${String(minute).padStart(2, '0')}`;
  return `${h}${mm} ${hour < 12 ? 'am' : 'pm'}`;
}

// ---------------------------------------------------------------------------------------------- words

/** Number words by value: "zero" is 0, "nineteen" 19. */
const SMALL = new Map(
  'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'
    .split(' ')
    .map((word, value) => [word, value]),
);
const TENS = new Map(
  Object.entries({ twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 }),
);
const ORDINALS = new Map(
  'first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth'
    .split(' ')
    .map((word, index) => [word, index + 1]),
);
ORDINALS.set('thirtieth', 30);
/** luxon's weekday numbers: Monday 1 ... Sunday 7. */
const WEEKDAYS = new Map(
  Object.entries({ monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3, thursday: 4, thu: 4, thur: 4, thurs: 4 }).concat(
    Object.entries({ friday: 5, fri: 5, saturday: 6, sat: 6, sunday: 7, sun: 7 }),
  ),
);
const MONTH_NAMES = 'January February March April May June July August September October November December'.split(' ');
const MONTHS = new Map(
  MONTH_NAMES.flatMap((name, index) => [
    [name.toLowerCase(), index + 1],
    [name.slice(0, 3).toLowerCase(), index + 1],
  ]),
);
MONTHS.set('sept', 9);
/**
 * Words that say nothing about the time. "oh" is filler too, except after a number ("seven oh five"). "at"
 * and "on" stay until the day is found: "12 December at 7" and "at 7 on December 12" need them.
 */
const FILLER = new Set(
  'uh uhh um umm er erm ah hmm huh please pls around about approximately roughly for by the like maybe say lets how just sometime ish ok okay'.split(
    ' ',
  ),
);
const PAST = new Set(['past', 'after']);
const TO = new Set(['to', 'till', 'til', 'of', 'before']);
const HOUR_UNITS = new Set(['hour', 'hours', 'hr', 'hrs']);
const MINUTE_UNITS = new Set(['minute', 'minutes', 'min', 'mins']);
const ASAP = [
  ['as', 'soon', 'as', 'possible'],
  ['as', 'soon', 'as', 'you', 'can'],
  ['as', 'early', 'as', 'possible'],
  ['soon', 'as', 'possible'],
  ['earliest', 'possible'],
  ['whenever', 'you', 'can'],
  ['a', 's', 'a', 'p'],
  ['right', 'now'],
  ['right', 'away'],
  ['straight', 'away'],
  ['asap'],
  ['now'],
  ['immediately'],
  ['earliest'],
  ['soonest'],
  ['whenever'],
];

/** Lower-case words, with "7pm", "7 p.m.", "7.30", "o'clock" and "sevenish" brought to one spelling and filler dropped. */
function words(text: string): string[] {
  const spaced = text
    .toLowerCase()
    .replace(/\bo\s*['’‘`]?\s*clock\b/g, ' oclock ')
    .replace(/['’‘`]/g, '')
    .replace(/(\d)\s*[:.]\s*(\d\d)(?!\d)(?!\s*(hours?|hrs?)\b)/g, '$1:$2')
    // "12th" is a day of the month, never an hour: it keeps a mark ("#12") that no clock reading accepts.
    .replace(/(\d+)(st|nd|rd|th)\b/g, '#$1')
    .replace(/(\d)([a-z])/g, '$1 $2')
    .replace(/([a-z])([\d#])/g, '$1 $2')
    .replace(/[^a-z0-9:.#]+/g, ' ')
    .replace(/(?<!\d)[:.]|[:.](?!\d)/g, ' ');
  const raw = spaced.split(' ').filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    let word = raw[i];
    if ((word === 'a' || word === 'p') && raw[i + 1] === 'm') {
      word += 'm';
      i++;
    }
    if (word.endsWith('ish') && (isNumberWord(word.slice(0, -3)) || word === 'noonish')) word = word.slice(0, -3);
    if (word === 'or' && raw[i + 1] === 'so') {
      i++;
      continue;
    }
    const afterNumber = out.length > 0 && isNumberWord(out[out.length - 1]);
    if (FILLER.has(word) || (word === 'oh' && !afterNumber)) continue;
    out.push(word);
  }
  return out;
}

function isNumberWord(word: string): boolean {
  return /^\d+$/.test(word) || SMALL.has(word) || TENS.has(word);
}

interface Read<T> {
  value: T;
  next: number;
}

/** A whole number in digits or words ("45", "forty five", "twelve"). */
function readNumber(t: readonly string[], i: number): Read<number> | null {
  const word = t[i];
  if (word === undefined) return null;
  if (/^\d{1,4}$/.test(word)) return { value: Number(word), next: i + 1 };
  const tens = TENS.get(word);
  if (tens !== undefined) {
    const unit = SMALL.get(t[i + 1] ?? '');
    return unit !== undefined && unit >= 1 && unit <= 9 ? { value: tens + unit, next: i + 2 } : { value: tens, next: i + 1 };
  }
  const small = SMALL.get(word);
  return small === undefined ? null : { value: small, next: i + 1 };
}

// ------------------------------------------------------------------------------------ relative and asap

/**
 * Minutes from now for "in 45 minutes", "in an hour and a half", "half an hour from now", or a bare "an hour"
 * (the answer to "when?"); null when the words are not a duration ("in the morning", "in a few minutes").
 */
function relativeMinutes(t: readonly string[]): number | null {
  const from = t[0] === 'in' ? 1 : 0;
  const to = t[t.length - 2] === 'from' && t[t.length - 1] === 'now' ? t.length - 2 : t.length;
  return readDuration(t.slice(from, to));
}

function readDuration(t: readonly string[]): number | null {
  let total = 0;
  let i = 0;
  let parts = 0;
  while (i < t.length) {
    if (parts > 0 && t[i] === 'and') {
      if (t[i + 1] === 'a' && t[i + 2] === 'half' && i + 3 === t.length && HOUR_UNITS.has(t[i - 1])) return total + 30;
      i++;
    }
    const part = readDurationPart(t, i);
    if (!part) return null;
    total += part.value;
    i = part.next;
    parts++;
  }
  return parts > 0 && total > 0 ? Math.round(total) : null;
}

/** One "two hours", "45 minutes", "half an hour", "a quarter of an hour", "one and a half hours". */
function readDurationPart(t: readonly string[], start: number): Read<number> | null {
  let i = start;
  const article = t[i] === 'a' || t[i] === 'an';
  if (article) i++;
  for (const [word, minutes] of [
    ['half', 30],
    ['quarter', 15],
  ] as const) {
    if (t[i] !== word) continue;
    i++;
    if (t[i] === 'of') i++;
    if (t[i] === 'a' || t[i] === 'an') i++;
    return HOUR_UNITS.has(t[i]) ? { value: minutes, next: i + 1 } : null;
  }
  let count: number;
  if (t[i] === 'couple') {
    count = 2;
    i += t[i + 1] === 'of' ? 2 : 1;
  } else if (article) {
    count = 1;
  } else if (/^\d+\.\d+$/.test(t[i] ?? '')) {
    count = Number(t[i]);
    i++;
  } else {
    const n = readNumber(t, i);
    if (!n) return null;
    count = n.value;
    i = n.next;
  }
  if (t[i] === 'and' && t[i + 1] === 'a' && t[i + 2] === 'half') {
    count += 0.5;
    i += 3;
  }
  if (HOUR_UNITS.has(t[i])) return { value: count * 60, next: i + 1 };
  if (MINUTE_UNITS.has(t[i])) return { value: count, next: i + 1 };
  return null;
}

/** The words left once an "as soon as possible" is taken out, or undefined when there was none. */
function withoutAsap(tokens: readonly string[]): string[] | undefined {
  let rest = [...tokens];
  let found = false;
  for (const phrase of ASAP) {
    for (let i = 0; i + phrase.length <= rest.length; i++) {
      if (phrase.every((word, k) => rest[i + k] === word)) {
        rest = [...rest.slice(0, i), ...rest.slice(i + phrase.length)];
        found = true;
        i--;
      }
    }
  }
  return found ? rest : undefined;
}

// ------------------------------------------------------------------------------------ days and periods

type DaySpec =
  | { kind: 'offset'; days: number }
  /** `notToday`: "next Friday" said on a Friday is a week away. */
  | { kind: 'weekday'; weekday: number; notToday: boolean }
  | { kind: 'date'; month: number; day: number; year?: number }
  /** "the 12th": this month's, or next month's once this month's has passed. */
  | { kind: 'dayOfMonth'; day: number };

/** `night` is pm, except that twelve at night is midnight. */
type Period = 'am' | 'pm' | 'night';

interface When {
  day?: DaySpec;
  period?: Period;
  /** How the caller named the day, to ask "What time tomorrow would you like it?". */
  label?: string;
  /** The words that should say the clock time. */
  rest: string[];
}

const PERIOD_WORDS = new Map<string, Period>([
  ['morning', 'am'],
  ['afternoon', 'pm'],
  ['evening', 'pm'],
  ['night', 'night'],
]);

/** Takes the day ("tomorrow", "on Friday", "Dec 12") and am/pm ("7 pm", "tonight") out of the words; null when they disagree. */
function extractWhen(t: readonly string[]): When | null {
  const when: When = { rest: [] };
  let explicit: 'am' | 'pm' | undefined;
  let spoken: Period | undefined;
  let ok = true;
  const setDay = (day: DaySpec, label: string) => {
    if (when.day && JSON.stringify(when.day) !== JSON.stringify(day)) ok = false;
    when.day = day;
    when.label = label;
  };
  const setSpoken = (period: Period) => {
    if (spoken && (spoken === 'am') !== (period === 'am')) ok = false;
    if (spoken !== 'night') spoken = period;
  };

  for (let i = 0; i < t.length; i++) {
    const word = t[i];
    const weekday = WEEKDAYS.get(word);
    const date = readDate(t, i);
    if (word === 'today') setDay({ kind: 'offset', days: 0 }, 'today');
    else if (word === 'tonight') {
      setDay({ kind: 'offset', days: 0 }, 'tonight');
      setSpoken('night');
    } else if (word === 'yesterday') setDay({ kind: 'offset', days: -1 }, 'yesterday');
    else if (word === 'tomorrow' || word === 'tmrw' || word === 'tomorrows') setDay({ kind: 'offset', days: 1 }, 'tomorrow');
    else if (word === 'day' && t[i + 1] === 'after' && t[i + 2] === 'tomorrow') {
      setDay({ kind: 'offset', days: 2 }, 'the day after tomorrow');
      i += 2;
    } else if (weekday !== undefined) setDay({ kind: 'weekday', weekday, notToday: false }, `on ${capitalize(word)}`);
    else if ((word === 'next' || word === 'this') && WEEKDAYS.has(t[i + 1])) {
      setDay({ kind: 'weekday', weekday: WEEKDAYS.get(t[i + 1])!, notToday: word === 'next' }, `${word} ${capitalize(t[i + 1])}`);
      i++;
    } else if (word === 'this' && PERIOD_WORDS.has(t[i + 1])) {
      setDay({ kind: 'offset', days: 0 }, `this ${t[i + 1]}`);
      setSpoken(PERIOD_WORDS.get(t[i + 1])!);
      i++;
    } else if (date) {
      const { value } = date;
      setDay(value, value.kind === 'date' ? `on ${MONTH_NAMES[value.month - 1]} ${value.day}` : `on the ${ordinal(value.day)}`);
      i = date.next - 1;
    } else if (word === 'am' || word === 'pm') {
      if (explicit && explicit !== word) ok = false;
      explicit = word;
    } else if (PERIOD_WORDS.has(word) || (word === 'in' && PERIOD_WORDS.has(t[i + 1]))) {
      if (word === 'in') i++;
      setSpoken(PERIOD_WORDS.get(t[i])!);
      when.label ??= `in the ${t[i]}`;
    } else if (word !== 'this' && word !== 'at' && word !== 'on') when.rest.push(word);
  }
  // "7 am tonight" contradicts itself; "7 pm tonight" only repeats itself.
  if (explicit && spoken && (explicit === 'am') !== (spoken === 'am')) ok = false;
  when.period = explicit ?? spoken;
  return ok ? when : null;
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * "Dec 12", "December 12th 2026", "the 12th of December", "12 December", "December twelfth", "the 12th". In
 * "7 December 12" the month takes the number after it and seven is the time, as in the US order that
 * `sayTime` uses.
 */
function readDate(t: readonly string[], i: number): Read<Extract<DaySpec, { kind: 'date' | 'dayOfMonth' }>> | null {
  const withYear = (month: number, day: number, next: number): Read<Extract<DaySpec, { kind: 'date' }>> => {
    const year = /^(19|20)\d\d$/.test(t[next] ?? '') ? Number(t[next]) : undefined;
    return { value: { kind: 'date', month, day, year }, next: year === undefined ? next : next + 1 };
  };
  const month = MONTHS.get(t[i]);
  if (month !== undefined) {
    const day = readDayOfMonth(t, i + 1);
    return day ? withYear(month, day.value, day.next) : null;
  }
  const day = t[i - 1] === 'at' ? null : readDayOfMonth(t, i);
  if (!day) return null;
  const of = t[day.next] === 'of';
  const monthAt = day.next + (of ? 1 : 0);
  const after = MONTHS.get(t[monthAt]);
  if (after === undefined) return day.ordinal && !of ? { value: { kind: 'dayOfMonth', day: day.value }, next: day.next } : null;
  if (!of && !day.ordinal && readDayOfMonth(t, monthAt + 1)) return null;
  return withYear(after, day.value, monthAt + 1);
}

/** A day of the month; `ordinal` when it was said as one ("12th", "twelfth"), which no clock time is. */
function readDayOfMonth(t: readonly string[], i: number): (Read<number> & { ordinal: boolean }) | null {
  const marked = /^#(\d{1,2})$/.exec(t[i] ?? '');
  const ordinal = marked ? Number(marked[1]) : ORDINALS.get(t[i]);
  if (ordinal !== undefined) return ordinal >= 1 && ordinal <= 31 ? { value: ordinal, next: i + 1, ordinal: true } : null;
  const tens = TENS.get(t[i]);
  const unit = ORDINALS.get(t[i + 1]);
  if ((tens === 20 || tens === 30) && unit !== undefined && unit <= 9) return { value: tens + unit, next: i + 2, ordinal: true };
  const n = readNumber(t, i);
  const time = ['am', 'pm', 'oclock'].includes(t[n?.next ?? i]) || /^\d{3,}$/.test(t[i]);
  return n && n.value >= 1 && n.value <= 31 && !time ? { ...n, ordinal: false } : null;
}

// ------------------------------------------------------------------------------------------- the clock

/**
 * A clock time as said: `twelveHour` when it could be am or pm (minutes after 12 o'clock, 0..719), `fixed`
 * when the words settle it (minutes after the day's start; 1440 and beyond is after midnight, which ends the day).
 */
type Clock = { kind: 'twelveHour'; minute: number } | { kind: 'fixed'; minute: number };

function readClock(t: readonly string[]): Clock | null {
  return readRelativeClock(t) ?? readPlainClock(t);
}

/** "half past seven", "half seven", "a quarter to eight", "twenty five past seven", "ten minutes to noon". */
function readRelativeClock(t: readonly string[]): Clock | null {
  let i = 0;
  let minutes: number;
  let direction: number;
  if (t[0] === 'half') {
    minutes = 30;
    direction = 1;
    i = PAST.has(t[1]) ? 2 : 1;
  } else {
    if (t[i] === 'a' && t[i + 1] === 'quarter') i++;
    if (t[i] === 'quarter') {
      minutes = 15;
      i++;
    } else {
      const n = readNumber(t, i);
      if (!n || n.value < 1 || n.value > 59) return null;
      minutes = n.value;
      i = n.next;
      if (MINUTE_UNITS.has(t[i])) i++;
    }
    direction = PAST.has(t[i]) ? 1 : TO.has(t[i]) ? -1 : 0;
    if (direction === 0) return null;
    i++;
  }
  const hour = readHour(t, i);
  if (!hour || hour.next !== t.length) return null;
  return shift(hour.value, direction * minutes);
}

/** "7", "seven o'clock", "7:30", "19:30", "seven thirty", "seven oh five", "noon", "twelve midnight". */
function readPlainClock(t: readonly string[]): Clock | null {
  if (t.length === 2 && (t[0] === 'twelve' || t[0] === '12') && (t[1] === 'noon' || t[1] === 'midnight')) return readPlainClock(t.slice(1));
  const colon = /^(\d{1,2}):(\d\d)$/.exec(t[0] ?? '');
  if (colon) {
    const hour = hourClock(Number(colon[1]), colon[1].startsWith('0'));
    const minute = Number(colon[2]);
    return hour && minute <= 59 && t.length === 1 ? shift(hour, minute) : null;
  }
  const hour = readHour(t, 0);
  if (!hour) return null;
  if (hour.next === t.length) return hour.value;
  if (['noon', 'midday', 'midnight'].includes(t[0])) return null;
  if (t[hour.next] === 'oclock' && hour.next + 1 === t.length) return hour.value;
  const minute = readMinute(t, hour.next);
  if (!minute || minute.next !== t.length) return null;
  return shift(hour.value, minute.value);
}

function readHour(t: readonly string[], i: number): Read<Clock> | null {
  const word = t[i];
  if (word === 'noon' || word === 'midday') return { value: { kind: 'fixed', minute: HALF_DAY }, next: i + 1 };
  if (word === 'midnight') return { value: { kind: 'fixed', minute: MINUTES_PER_DAY }, next: i + 1 };
  // Bare "730" or "1930" could be a time or a count; a caller's words rarely come out that way, so they stay unread.
  if (word === undefined || /^\d{3,}$/.test(word)) return null;
  const n = readNumber(t, i);
  const clock = n && hourClock(n.value, /^0\d$/.test(word));
  return n && clock ? { value: clock, next: n.next } : null;
}

/** An hour as said: 1 to 12 could be am or pm; 0, 13 to 23 and "07" are a 24-hour clock. */
function hourClock(hour: number, leadingZero: boolean): Clock | null {
  if (hour > 23) return null;
  if (hour === 0 || hour > 12 || leadingZero) return { kind: 'fixed', minute: hour * 60 };
  return { kind: 'twelveHour', minute: (hour % 12) * 60 };
}

/** The minutes after an hour: "thirty", "forty five", "oh five", "30", "05"; a lone "five" is not read as 7:05. */
function readMinute(t: readonly string[], i: number): Read<number> | null {
  const word = t[i];
  if (word === undefined) return null;
  if (word === 'oh' || word === 'o' || word === 'zero') {
    const unit = SMALL.get(t[i + 1] ?? '') ?? (/^\d$/.test(t[i + 1] ?? '') ? Number(t[i + 1]) : undefined);
    return unit !== undefined && unit >= 1 && unit <= 9 ? { value: unit, next: i + 2 } : null;
  }
  if (/^\d\d$/.test(word)) return Number(word) <= 59 ? { value: Number(word), next: i + 1 } : null;
  const n = readNumber(t, i);
  return n && !/^\d/.test(word) && n.value >= 10 && n.value <= 59 ? n : null;
}

function shift(clock: Clock, minutes: number): Clock | null {
  if (clock.kind === 'twelveHour') return { kind: 'twelveHour', minute: (((clock.minute + minutes) % HALF_DAY) + HALF_DAY) % HALF_DAY };
  const minute = clock.minute + minutes;
  return minute >= 0 && minute < 2 * MINUTES_PER_DAY ? { kind: 'fixed', minute } : null;
}

/** The minutes of the day the words allow, in order: one when am or pm is known, both readings otherwise; null when they disagree. */
function withPeriod(clock: Clock, period: Period | undefined): number[] | null {
  const m = clock.minute;
  if (clock.kind === 'fixed') {
    if (period === 'am' && m >= HALF_DAY && m < MINUTES_PER_DAY) return null;
    if ((period === 'pm' || period === 'night') && m < HALF_DAY) return null;
    return [m];
  }
  if (period === 'am') return [m];
  if (period === 'pm') return [m + HALF_DAY];
  // Twelve at night is midnight, the end of the day; seven at night is 7 pm.
  if (period === 'night') return [m < 60 ? MINUTES_PER_DAY + m : m + HALF_DAY];
  return [m, m + HALF_DAY];
}

// ----------------------------------------------------------------------------------------- resolving

/** The days the time may fall on, each at its start; null for a date that does not exist. */
function candidateDays(day: DaySpec | undefined, today: DateTime): DateTime[] | null {
  if (!day) return [today, today.plus({ days: 1 })];
  if (day.kind === 'offset') return [today.plus({ days: day.days })];
  if (day.kind === 'weekday') {
    const ahead = (day.weekday - today.weekday + 7) % 7;
    if (ahead > 0) return [today.plus({ days: ahead })];
    // Today's weekday is today while the time is still ahead, else next week.
    return day.notToday ? [today.plus({ days: 7 })] : [today, today.plus({ days: 7 })];
  }
  if (day.kind === 'dayOfMonth') {
    const inMonth = (month: DateTime) => DateTime.fromObject({ year: month.year, month: month.month, day: day.day }, { zone: today.zone });
    const thisMonth = inMonth(today);
    // "the 31st" in a month of 30 days is a mistake to ask about, not next month's 31st.
    if (!thisMonth.isValid) return null;
    const date = thisMonth >= today ? thisMonth : inMonth(today.startOf('month').plus({ months: 1 }));
    return date.isValid ? [date] : null;
  }
  const dateIn = (year: number) => DateTime.fromObject({ year, month: day.month, day: day.day }, { zone: today.zone });
  if (day.year !== undefined) {
    const date = dateIn(day.year);
    return date.isValid ? [date] : null;
  }
  // A date without a year is the next one; a date that is today stays today, like "today".
  const thisYear = dateIn(today.year);
  const date = thisYear.isValid && thisYear >= today ? thisYear : dateIn(today.year + 1);
  return date.isValid ? [date] : null;
}

/**
 * The instant meant: the earliest candidate still ahead (open, when am or pm was not said and the opening
 * hours are known). When every candidate has passed (a day the caller named), the latest of them, which the
 * tool refuses with a reason.
 */
function choose(days: DateTime[], minutesOfDay: number[], ctx: SpokenTimeContext): Date {
  const candidates = days.flatMap((day) => minutesOfDay.map((minute) => wallClock(day, minute))).sort((a, b) => a.getTime() - b.getTime());
  const thisMinute = Math.floor(ctx.now.getTime() / 60_000) * 60_000;
  const open = minutesOfDay.length > 1 && ctx.isOpen ? ctx.isOpen : () => true;
  const ahead = candidates.filter((at) => at.getTime() >= thisMinute);
  const past = candidates.filter((at) => at.getTime() < thisMinute).reverse();
  return ahead.find(open) ?? ahead[0] ?? past.find(open) ?? past[0];
}

function wallClock(day: DateTime, minuteOfDay: number): Date {
  const date = day.plus({ days: Math.floor(minuteOfDay / MINUTES_PER_DAY) });
  const minute = minuteOfDay % MINUTES_PER_DAY;
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour: Math.floor(minute / 60), minute: minute % 60 },
    { zone: day.zone },
  ).toJSDate();
}
