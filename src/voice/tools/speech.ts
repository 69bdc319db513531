/** Tool results are read by a voice model: one line, no markup, no control characters. */
export function oneLine(text: string, maxLength = 1500): string {
  const flat = text
    // eslint-disable-next-line no-control-regex -- control characters become spaces: a voice model reads this text
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 3)}...` : flat;
}

/** `A-1042` -> `A 1 0 4 2`: said one character at a time so the caller can note it down. */
export function spellOrderNumber(orderNumber: string): string {
  return orderNumber
    .replace(/[^A-Za-z0-9]/g, '')
    .split('')
    .join(' ');
}

/** "2 Margherita Pizza" / "1 Tiramisu (no cocoa)". */
export function describeLine(line: { quantity: number; name: string; notes?: string | null }): string {
  return `${line.quantity} ${line.name}${line.notes ? ` (${line.notes})` : ''}`;
}

export function joinWords(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export function joinAlternatives(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}
