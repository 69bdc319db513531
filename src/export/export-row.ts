import { type ChosenOption, describeOptions } from '@/menu/menu-options.js';
import { centsToMajor, minorUnitDigits } from '@/common/money.js';
import { dateFormat } from '@/common/date-format.js';
import type { OrderForExport } from '@/orders/orders.repository.js';

/** DESIGN.md "Excel export": the header, in this order, is part of the contract. */
export const EXPORT_HEADER = [
  'Order ID',
  'Order Number',
  'Created At',
  'Customer',
  'Phone',
  'Channel',
  'Fulfillment',
  'Address',
  'Items',
  'Subtotal',
  'Delivery Fee',
  'Tax',
  'Total',
  'Currency',
  'Status',
  'Payment Status',
  // Columns added after the first release go at the end, so that a reader of the old layout still finds its columns.
  'Promised For',
  'Refunded',
] as const;

export const SHEET_NAME = 'Orders';
export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';

/** What the export writes for one order: the order as the orders module reads it for the workbook, with its lines. */
export type ExportOrder = Omit<OrderForExport, 'version' | 'exportedVersion'> & {
  items: { name: string; quantity: number; notes: string | null; options?: Pick<ChosenOption, 'name'>[] }[];
};

export type ExportCell = string | number | Date;

/** Number format of a money column: two decimals, none for zero-decimal currencies (JPY...). */
export function moneyFormat(currency: string): string {
  const digits = minorUnitDigits(currency);
  return digits === 0 ? '0' : `0.${'0'.repeat(digits)}`;
}

/**
 * Customer-supplied text as a plain string cell. Characters XML 1.0 forbids are dropped (they would make the
 * file unreadable), and text that a spreadsheet would evaluate if someone re-enters or re-saves it as CSV
 * (=, +, -, @, tab, CR) gets a leading apostrophe, OWASP's advice for formula injection.
 */
export function safeText(value: string | null | undefined): string {
  // eslint-disable-next-line no-control-regex -- drops the control characters XML 1.0 forbids, on purpose
  const text = (value ?? '').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A phone in E.164 starts with "+": it is data, not a formula, and stays exactly as stored. */
function phoneText(value: string): string {
  return /^\+\d{1,15}$/.test(value) ? value : safeText(value);
}

/** "2 x Margherita Pizza [Large · Extra cheese] (well done); 1 x Tiramisu": each line with its options and notes. */
export function describeItems(items: ExportOrder['items']): string {
  return items
    .map((i) => `${i.quantity} x ${i.name}${i.options?.length ? ` [${describeOptions(i.options)}]` : ''}${i.notes ? ` (${i.notes})` : ''}`)
    .join('; ');
}

/**
 * An instant as the restaurant's wall-clock time, encoded as the Date whose UTC fields are those of the
 * local time: Excel date cells have no time zone and exceljs writes the UTC fields.
 */
export function wallClock(at: Date, timezone: string): Date {
  const format = dateFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return new Date(Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second));
}

/** One order as one workbook row, in EXPORT_HEADER order. */
export function toExportRow(order: ExportOrder, timezone: string): ExportCell[] {
  const currency = order.currency.trim();
  return [
    order.id,
    safeText(order.orderNumber),
    wallClock(order.createdAt, timezone),
    safeText(order.customerName),
    phoneText(order.customerPhone),
    order.channel,
    order.fulfillment,
    safeText(order.deliveryFormattedAddress ?? order.deliveryAddress ?? ''),
    safeText(describeItems(order.items)),
    centsToMajor(order.subtotalCents, currency),
    centsToMajor(order.deliveryFeeCents, currency),
    centsToMajor(order.taxCents, currency),
    centsToMajor(order.totalCents, currency),
    currency,
    order.status,
    order.paymentStatus,
    order.promisedAt ? wallClock(order.promisedAt, timezone) : '',
    centsToMajor(order.refundedCents, currency),
  ];
}
