import { dateFormat } from './date-format';

/** The calendar day (YYYY-MM-DD) of an instant in the restaurant's time zone. */
export function businessDate(at: Date, timezone: string): string {
  return dateFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
