/** People say and type phone numbers with spaces, dashes, dots and brackets; only the digits and a leading + matter. */
export function compactPhone(text: string): string {
  return text.replace(/[\s\-().]/g, '');
}
