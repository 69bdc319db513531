import { describe, expect, it } from '@jest/globals';
import { resolveReportPeriod } from './report-period.js';
import type { GroupTotals } from './reports.repository.js';
import { fillSeries, sumTotals } from './reports.service.js';

const NOW = new Date('2026-12-04T20:00:00Z');
const group = (g: Partial<GroupTotals>): GroupTotals => ({
  channel: 'web',
  fulfillment: 'pickup',
  orders: 0,
  grossCents: 0,
  subtotalCents: 0,
  taxCents: 0,
  deliveryFeeCents: 0,
  refundedCents: 0,
  cancelledOrders: 0,
  cancelledCents: 0,
  ...g,
});

describe('sumTotals', () => {
  it('adds the groups and works out net sales and the average ticket', () => {
    const totals = sumTotals([
      group({
        orders: 2,
        grossCents: 5_000,
        subtotalCents: 4_400,
        taxCents: 400,
        deliveryFeeCents: 200,
        refundedCents: 700,
        cancelledOrders: 1,
        cancelledCents: 900,
      }),
      group({ channel: 'voice', orders: 1, grossCents: 1_001, subtotalCents: 901, taxCents: 100 }),
    ]);
    expect(totals).toEqual({
      orders: 3,
      grossCents: 6_001,
      subtotalCents: 5_301,
      taxCents: 500,
      deliveryFeeCents: 200,
      refundsCents: 700,
      netCents: 5_301,
      averageTicketCents: 2_000, // 2000.33 rounded
      cancelledOrders: 1,
      cancelledCents: 900,
    });
    expect(sumTotals([]).averageTicketCents).toBe(0);
  });
});

describe('fillSeries', () => {
  it('lists every hour of a day, 23 when the clocks go forward, the figures in the hour they fell in', () => {
    const period = resolveReportPeriod({ from: '2026-03-29' }, NOW, 'Europe/Berlin');
    const series = fillSeries(period, [{ bucket: new Date('2026-03-29T01:00:00Z'), orders: 2, grossCents: 3_000 }]); // 03:00 CEST
    expect(series).toHaveLength(23);
    expect(series.slice(0, 4).map((b) => [b.label, b.start])).toEqual([
      ['12 AM', '2026-03-29T00:00:00+01:00'],
      ['1 AM', '2026-03-29T01:00:00+01:00'],
      ['3 AM', '2026-03-29T03:00:00+02:00'],
      ['4 AM', '2026-03-29T04:00:00+02:00'],
    ]);
    expect(series[2]).toMatchObject({ orders: 2, grossCents: 3_000 });
    expect(series.filter((b) => b.orders).length).toBe(1);
  });

  it('names the repeated hour by its zone when the clocks go back (25 hours)', () => {
    const period = resolveReportPeriod({ from: '2026-10-25' }, NOW, 'Europe/Berlin');
    const series = fillSeries(period, []);
    expect(series).toHaveLength(25);
    expect(series.slice(1, 5).map((b) => b.label)).toEqual(['1 AM', '2 AM GMT+2', '2 AM GMT+1', '3 AM']);
  });

  it("counts hours on the restaurant's clock in a zone three quarters of an hour off UTC", () => {
    const period = resolveReportPeriod({ from: '2026-12-04' }, NOW, 'Asia/Kathmandu');
    const series = fillSeries(period, [{ bucket: new Date('2026-12-04T13:15:00Z'), orders: 1, grossCents: 500 }]); // 19:00 local
    expect(series).toHaveLength(24);
    expect(series[19]).toMatchObject({ label: '7 PM', start: '2026-12-04T19:00:00+05:45', orders: 1 });
  });

  it('keeps an hour after midnight that belongs to the business day', () => {
    const period = resolveReportPeriod({ from: '2026-12-04' }, NOW, 'America/New_York');
    const series = fillSeries(period, [{ bucket: new Date('2026-12-05T06:00:00Z'), orders: 1, grossCents: 800 }]); // 1 AM next day
    expect(series).toHaveLength(25);
    expect(series.at(-1)).toMatchObject({ start: '2026-12-05T01:00:00-05:00', label: '1 AM Sat', orders: 1 });
    expect(series[1].label).toBe('1 AM');
  });

  it('lists every day of a longer period, with zeros where nothing was sold', () => {
    const period = resolveReportPeriod({ from: '2026-02-27', to: '2026-03-02' }, NOW, 'America/New_York');
    const series = fillSeries(period, [{ bucket: '2026-03-01', orders: 4, grossCents: 8_000 }]);
    expect(series.map((b) => [b.start, b.label, b.orders])).toEqual([
      ['2026-02-27', 'Fri Feb 27', 0],
      ['2026-02-28', 'Sat Feb 28', 0],
      ['2026-03-01', 'Sun Mar 1', 4],
      ['2026-03-02', 'Mon Mar 2', 0],
    ]);
  });
});
