import type { ReportDto } from './dto/report.dto.js';

const totals = (orders: number, grossCents: number, refundsCents = 0, cancelledOrders = 0) => ({
  orders,
  grossCents,
  subtotalCents: Math.round(grossCents * 0.87),
  taxCents: Math.round(grossCents * 0.08),
  deliveryFeeCents: grossCents - Math.round(grossCents * 0.87) - Math.round(grossCents * 0.08),
  refundsCents,
  netCents: grossCents - refundsCents,
  averageTicketCents: orders ? Math.round(grossCents / orders) : 0,
  cancelledOrders,
  cancelledCents: cancelledOrders * 2_500,
});

/** Swagger's example of `GET /api/reports?period=last-7-days`. */
export const REPORT_EXAMPLE: ReportDto = {
  period: {
    from: '2026-11-28',
    to: '2026-12-04',
    days: 7,
    preset: 'last-7-days',
    label: 'Last 7 days, Nov 28 – Dec 4, 2026',
    timezone: 'America/Los_Angeles',
    granularity: 'day',
  },
  currency: 'USD',
  totals: totals(212, 635_480, 2_450, 6),
  byChannel: [
    { channel: 'voice', label: 'Phone', ...totals(71, 208_900, 0, 2) },
    { channel: 'web', label: 'Web', ...totals(98, 301_240, 2_450, 3) },
    { channel: 'mobile', label: 'App', ...totals(43, 125_340, 0, 1) },
  ],
  byFulfillment: [
    { fulfillment: 'pickup', label: 'Pickup', ...totals(131, 352_050, 2_450, 4) },
    { fulfillment: 'delivery', label: 'Delivery', ...totals(81, 283_430, 0, 2) },
  ],
  calls: { calls: 96, withOrder: 71, transferred: 4, orderPercent: 74 },
  series: [
    { start: '2026-11-28', label: 'Sat Nov 28', orders: 41, grossCents: 122_900 },
    { start: '2026-11-29', label: 'Sun Nov 29', orders: 35, grossCents: 104_310 },
  ],
  busiestHours: [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 6, 3, 1, 0, 0, 4, 9, 7, 2, 0, 0, 0]],
  topDishes: [
    { name: 'Margherita Pizza', quantity: 84, grossCents: 117_600 },
    { name: 'Caesar Salad', quantity: 51, grossCents: 45_900 },
  ],
  topOptions: [
    { group: 'Size', name: 'Large', quantity: 47, grossCents: 18_800 },
    { group: 'Toppings', name: 'Extra cheese', quantity: 30, grossCents: 4_500 },
  ],
  generatedAt: '2026-12-04T21:15:03.120Z',
};
