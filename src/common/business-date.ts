import { dateFormat } from './date-format.js';

/** The last answer: every order of the same minute asks the same question (time zones shift by whole minutes). */
let last: { timezone: string; minute: number; day: string } | null = null;

/** The calendar day (YYYY-MM-DD) of an instant in the restaurant's time zone. */
export function businessDate(at: Date, timezone: string): string {
  const minute = Math.floor(at.getTime() / 60_000);
  if (last && last.minute === minute && last.timezone === timezone) return last.day;
  const day = dateFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  last = { timezone, minute, day };
  return day;
}
