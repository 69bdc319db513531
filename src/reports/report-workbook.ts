import ExcelJS from 'exceljs';
import { centsToMajor } from '@/common/money.js';
import { moneyFormat, safeText } from '@/export/export-row.js';
import type { ReportDto, ReportTotalsDto } from './dto/report.dto.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The download's file name: report-2026-12-04.xlsx, report-2026-11-01-to-2026-11-30.xlsx. */
export function reportFileName(report: ReportDto): string {
  const { from, to } = report.period;
  return from === to ? `report-${from}.xlsx` : `report-${from}-to-${to}.xlsx`;
}

/**
 * The report as a workbook an accountant opens: a summary sheet, then one sheet per table (channel and
 * fulfillment, per hour or per day, busiest hours of the week, top dishes, top options). Amounts are numbers in
 * the currency's major unit with its number format, so they add up in a spreadsheet.
 */
export async function reportWorkbook(report: ReportDto): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(report.generatedAt);
  const money = moneyFormat(report.currency);
  const major = (cents: number) => centsToMajor(cents, report.currency);
  const bold = (row: ExcelJS.Row) => {
    row.font = { bold: true };
  };
  const sheet = (name: string, header: string[], widths: number[]) => {
    const ws = workbook.addWorksheet(name);
    ws.columns = header.map((h, i) => ({ header: h, width: widths[i] ?? 14 }));
    bold(ws.getRow(1));
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    return ws;
  };

  const summary = workbook.addWorksheet('Summary');
  summary.columns = [{ width: 30 }, { width: 18 }];
  summary.addRow(['Sales report']).font = { bold: true, size: 14 };
  summary.addRow(['Period', report.period.label]);
  summary.addRow(['From', report.period.from]);
  summary.addRow(['To (included)', report.period.to]);
  summary.addRow(['Time zone', report.period.timezone]);
  summary.addRow(['Currency', report.currency]);
  summary.addRow(['Generated', new Date(report.generatedAt)]).getCell(2).numFmt = 'yyyy-mm-dd hh:mm:ss "UTC"';
  summary.addRow([]);
  const t = report.totals;
  const figures: [string, number, boolean][] = [
    ['Orders (not cancelled)', t.orders, false],
    ['Gross sales', t.grossCents, true],
    ['  Food and drink (subtotal)', t.subtotalCents, true],
    ['  Delivery fees', t.deliveryFeeCents, true],
    ['  Tax', t.taxCents, true],
    ['Refunds', t.refundsCents, true],
    ['Net sales', t.netCents, true],
    ['Average ticket', t.averageTicketCents, true],
    ['Cancelled orders', t.cancelledOrders, false],
    ['Cancelled orders came to', t.cancelledCents, true],
    ['Phone calls', report.calls.calls, false],
    ['Calls with an order', report.calls.withOrder, false],
    ['Calls put through to the restaurant', report.calls.transferred, false],
  ];
  for (const [label, value, isMoney] of figures) {
    const row = summary.addRow([label, isMoney ? major(value) : value]);
    if (isMoney) row.getCell(2).numFmt = money;
  }

  const totalsHeader = ['Orders', 'Gross sales', 'Refunds', 'Net sales', 'Average ticket', 'Tax', 'Delivery fees', 'Cancelled'];
  const totalsCells = (x: ReportTotalsDto) => [
    x.orders,
    major(x.grossCents),
    major(x.refundsCents),
    major(x.netCents),
    major(x.averageTicketCents),
    major(x.taxCents),
    major(x.deliveryFeeCents),
    x.cancelledOrders,
  ];
  const split = sheet('By channel', ['', ...totalsHeader], [16]);
  for (const c of report.byChannel) split.addRow([c.label, ...totalsCells(c)]);
  split.addRow([]);
  bold(split.addRow(['Fulfillment', ...totalsHeader]));
  for (const f of report.byFulfillment) split.addRow([f.label, ...totalsCells(f)]);
  for (const col of [3, 4, 5, 6, 7, 8]) split.getColumn(col).numFmt = money;

  const series = sheet(
    report.period.granularity === 'hour' ? 'Per hour' : 'Per day',
    [report.period.granularity === 'hour' ? 'Hour' : 'Day', 'Starts', 'Orders', 'Gross sales'],
    [14, 28],
  );
  for (const b of report.series) series.addRow([b.label, b.start, b.orders, major(b.grossCents)]);
  series.getColumn(4).numFmt = money;

  const week = sheet(
    'Busiest hours',
    ['Orders by hour', ...Array.from({ length: 24 }, (_, h) => `${h}:00`)],
    [16, ...Array<number>(24).fill(6)],
  );
  report.busiestHours.forEach((hours, d) => week.addRow([WEEKDAYS[d], ...hours]));

  const dishes = sheet('Top dishes', ['Dish', 'Portions', 'Sales'], [32]);
  for (const d of report.topDishes) dishes.addRow([safeText(d.name), d.quantity, major(d.grossCents)]);
  dishes.getColumn(3).numFmt = money;

  const options = sheet('Top options', ['Group', 'Option', 'Portions', 'Added to sales'], [20, 24, 10, 16]);
  for (const o of report.topOptions) options.addRow([safeText(o.group), safeText(o.name), o.quantity, major(o.grossCents)]);
  options.getColumn(4).numFmt = money;

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
