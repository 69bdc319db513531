const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) of an instant in the restaurant's time zone. */
export function businessDate(at: Date, timezone: string): string {
  let format = formatters.get(timezone);
  if (!format) {
    // Building a DateTimeFormat costs far more than using one; there is one zone per restaurant.
    format = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timezone, format);
  }
  return format.format(at);
}
