import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DateTime } from 'luxon';
import { Clock } from '@/common/clock.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import { CHANNELS, FULFILLMENTS } from '@/orders/order-status.js';
import type { ReportBucketDto, ReportDto, ReportTotalsDto } from './dto/report.dto.js';
import { resolveReportPeriod, type PeriodQuery, type ReportPeriod } from './report-period.js';
import { ReportsRepository, type BucketTotals, type GroupTotals } from './reports.repository.js';

export const CHANNEL_LABELS = { voice: 'Phone', web: 'Web', mobile: 'App' } as const;
export const FULFILLMENT_LABELS = { pickup: 'Pickup', delivery: 'Delivery' } as const;

/** The totals of some channel and fulfillment groups together. */
export function sumTotals(groups: readonly GroupTotals[]): ReportTotalsDto {
  const sum = (key: keyof GroupTotals) => groups.reduce((total, g) => total + (g[key] as number), 0);
  const orders = sum('orders');
  const grossCents = sum('grossCents');
  const refundsCents = sum('refundedCents');
  return {
    orders,
    grossCents,
    subtotalCents: sum('subtotalCents'),
    taxCents: sum('taxCents'),
    deliveryFeeCents: sum('deliveryFeeCents'),
    refundsCents,
    netCents: grossCents - refundsCents,
    averageTicketCents: orders === 0 ? 0 : Math.round(grossCents / orders),
    cancelledOrders: sum('cancelledOrders'),
    cancelledCents: sum('cancelledCents'),
  };
}

/**
 * Every hour of the period's day (real hours: 23 on the day the clocks go forward, 25 on the day they go back,
 * the repeated hour named with its zone) or every day of a longer period, with the figures of the buckets that
 * had orders. Hours outside the calendar day that belong to its business day (past midnight) are kept too.
 */
export function fillSeries(period: ReportPeriod, found: readonly BucketTotals[]): ReportBucketDto[] {
  const zone = period.timezone;
  if (period.granularity === 'day') {
    const byDay = new Map(found.map((b) => [String(b.bucket), b]));
    const days: ReportBucketDto[] = [];
    for (let d = DateTime.fromISO(period.from, { zone }); d.toISODate()! <= period.to; d = d.plus({ days: 1 })) {
      const day = d.toISODate()!;
      const b = byDay.get(day);
      days.push({ start: day, label: d.setLocale('en-US').toFormat('ccc LLL d'), orders: b?.orders ?? 0, grossCents: b?.grossCents ?? 0 });
    }
    return days;
  }
  const byHour = new Map(found.map((b) => [(b.bucket as Date).getTime(), b]));
  const hours = new Set<number>(byHour.keys());
  for (let t = period.start.getTime(); t < period.end.getTime(); t += 3_600_000) {
    // The hour's start on the restaurant's clock (in a zone whose offset has half hours, not the UTC hour).
    hours.add(DateTime.fromMillis(t, { zone }).startOf('hour').toMillis());
  }
  const sorted = [...hours].sort((a, b) => a - b);
  const names = sorted.map((t) => {
    const at = DateTime.fromMillis(t, { zone }).setLocale('en-US');
    return at.toISODate() === period.from ? at.toFormat('h a') : at.toFormat('h a ccc'); // past midnight: "1 AM Sat"
  });
  return sorted.map((t, i) => {
    const at = DateTime.fromMillis(t, { zone });
    const repeated = names.indexOf(names[i]) !== names.lastIndexOf(names[i]);
    const b = byHour.get(t);
    return {
      start: at.toISO({ suppressMilliseconds: true })!,
      label: repeated ? `${names[i]} ${at.setLocale('en-US').toFormat('ZZZZ')}` : names[i],
      orders: b?.orders ?? 0,
      grossCents: b?.grossCents ?? 0,
    };
  });
}

/** The owner's sales report for a period: the same figures for the admin API, the dashboard page and the .xlsx. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repository: ReportsRepository,
    private readonly clock: Clock,
    @Inject(restaurantConfig.KEY) private readonly restaurant: ConfigType<typeof restaurantConfig>,
  ) {}

  period(query: PeriodQuery): ReportPeriod {
    return resolveReportPeriod(query, this.clock.now(), this.restaurant.timezone);
  }

  async report(query: PeriodQuery): Promise<ReportDto> {
    const period = this.period(query);
    const closedTo = await this.repository.closeDays(period, this.clock.now());
    const [{ groups, series, weekHours }, lines, calls] = await Promise.all([
      this.repository.orderFigures(period, closedTo),
      this.repository.lineFigures(period, closedTo),
      this.repository.calls(period, closedTo),
    ]);
    const busiestHours = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
    for (const c of weekHours) busiestHours[c.weekday - 1][c.hour] += c.orders;
    const { start: _start, end: _end, ...periodView } = period;
    return {
      period: periodView,
      currency: this.restaurant.currency,
      totals: sumTotals(groups),
      byChannel: (['voice', 'web', 'mobile'] as const satisfies readonly (typeof CHANNELS)[number][]).map((channel) => ({
        channel,
        label: CHANNEL_LABELS[channel],
        ...sumTotals(groups.filter((g) => g.channel === channel)),
      })),
      byFulfillment: FULFILLMENTS.map((fulfillment) => ({
        fulfillment,
        label: FULFILLMENT_LABELS[fulfillment],
        ...sumTotals(groups.filter((g) => g.fulfillment === fulfillment)),
      })),
      calls: { ...calls, orderPercent: calls.calls === 0 ? null : Math.round((100 * calls.withOrder) / calls.calls) },
      series: fillSeries(period, series),
      busiestHours,
      topDishes: lines.dishes,
      topOptions: lines.options.map((o) => ({ group: o.group ?? '', name: o.name, quantity: o.quantity, grossCents: o.grossCents })),
      generatedAt: this.clock.now().toISOString(),
    };
  }
}
