import { ValidateBy } from 'class-validator';
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

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A business day as the API takes one: YYYY-MM-DD and a real calendar day (2025-02-30 is not). The one check
 * behind every day a client sends (workbook downloads, order and board filters).
 */
export function isBusinessDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** An ISO 8601 instant with its offset (`2026-11-25T18:30:00Z`, `2026-11-25T10:30-08:00`) on a real calendar day. */
export function isInstant(value: string): boolean {
  return INSTANT.test(value) && isBusinessDay(value.slice(0, 10)) && !Number.isNaN(Date.parse(value));
}

/**
 * class-validator check for a business day, or also the one other form a parameter takes: the word `any`
 * (the dashboard board) or an instant (order list bounds).
 */
export function IsBusinessDay(options: { or?: 'any' | 'instant'; message: string }): PropertyDecorator {
  const other = options.or === 'any' ? (value: string) => value === 'any' : options.or === 'instant' ? isInstant : () => false;
  return ValidateBy(
    {
      name: 'isBusinessDay',
      validator: { validate: (value: unknown) => typeof value === 'string' && (isBusinessDay(value) || other(value)) },
    },
    { message: options.message },
  );
}

/** class-validator check for an instant (`isInstant`). */
export function IsInstant(message: string): PropertyDecorator {
  return ValidateBy(
    { name: 'isInstant', validator: { validate: (value: unknown) => typeof value === 'string' && isInstant(value) } },
    { message },
  );
}
