/** The calendar day (YYYY-MM-DD) of an instant in the restaurant's time zone. */
export function businessDate(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
