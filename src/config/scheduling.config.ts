import { IsOptional, Matches } from 'class-validator';
import { defineSection, parseIntOr, RawEnv } from './config-section.js';

const MINUTES = /^\d{1,4}$/;

class SchedulingEnv {
  @IsOptional()
  @Matches(MINUTES, { message: 'PREP_BASE_MINUTES must be a whole number of minutes' })
  PREP_BASE_MINUTES?: string;

  @IsOptional()
  @Matches(MINUTES, { message: 'PREP_PER_ITEM_MINUTES must be a whole number of minutes' })
  PREP_PER_ITEM_MINUTES?: string;

  @IsOptional()
  @Matches(/^(5|10|15|20|30|60)$/, { message: 'SLOT_MINUTES must be 5, 10, 15, 20, 30 or 60 (a slot divides the hour)' })
  SLOT_MINUTES?: string;

  @IsOptional()
  @Matches(MINUTES, { message: 'LEAD_TIME_MINUTES must be a whole number of minutes' })
  LEAD_TIME_MINUTES?: string;

  @IsOptional()
  @Matches(/^\d{1,2}$/, { message: 'ORDER_AHEAD_DAYS must be a whole number of days (0-99)' })
  ORDER_AHEAD_DAYS?: string;

  @IsOptional()
  @Matches(/^[1-9]\d{0,6}$/, { message: 'SLOT_CAPACITY_PICKUP must be a whole number of orders, at least 1' })
  SLOT_CAPACITY_PICKUP?: string;

  @IsOptional()
  @Matches(/^[1-9]\d{0,6}$/, { message: 'SLOT_CAPACITY_DELIVERY must be a whole number of orders, at least 1' })
  SLOT_CAPACITY_DELIVERY?: string;

  @IsOptional()
  @Matches(MINUTES, { message: 'DELIVERY_BASE_MINUTES must be a whole number of minutes' })
  DELIVERY_BASE_MINUTES?: string;

  @IsOptional()
  @Matches(/^\d{1,2}(\.\d{1,2})?$/, { message: 'DELIVERY_MINUTES_PER_KM must be minutes per kilometre, e.g. 2.5' })
  DELIVERY_MINUTES_PER_KM?: string;
}

export interface SchedulingConfig {
  /** Every order's preparation starts from this many minutes. */
  prepBaseMinutes: number;
  /** And adds this many per item (quantity counts), unless the dish sets its own (`prepMinutes` on the menu). */
  prepPerItemMinutes: number;
  /** Length of a slot; promised and requested times are counted in slots, which start on multiples of it. */
  slotMinutes: number;
  /** A scheduled order's time is at least this far from now. */
  leadMinutes: number;
  /** How many days ahead a customer may order (0: today only). */
  aheadDays: number;
  /** Orders per slot, by fulfillment. */
  capacity: { pickup: number; delivery: number };
  /** Travel estimate of a delivery: a base plus minutes per km of the distance. */
  deliveryBaseMinutes: number;
  deliveryMinutesPerKm: number;
}

function read(env: RawEnv): SchedulingConfig {
  return {
    prepBaseMinutes: parseIntOr(env.PREP_BASE_MINUTES, 15),
    prepPerItemMinutes: parseIntOr(env.PREP_PER_ITEM_MINUTES, 2),
    slotMinutes: parseIntOr(env.SLOT_MINUTES, 15),
    leadMinutes: parseIntOr(env.LEAD_TIME_MINUTES, 30),
    aheadDays: parseIntOr(env.ORDER_AHEAD_DAYS, 7),
    capacity: { pickup: parseIntOr(env.SLOT_CAPACITY_PICKUP, 8), delivery: parseIntOr(env.SLOT_CAPACITY_DELIVERY, 5) },
    deliveryBaseMinutes: parseIntOr(env.DELIVERY_BASE_MINUTES, 10),
    deliveryMinutesPerKm: env.DELIVERY_MINUTES_PER_KM?.trim() ? Number(env.DELIVERY_MINUTES_PER_KM) : 3,
  };
}

/** The kitchen's clock: preparation times, slots and their capacity, order-ahead limits, delivery travel times. */
export const schedulingConfig = defineSection<SchedulingConfig>({
  key: 'scheduling',
  schema: SchedulingEnv,
  build: read,
  check: (value) => (value.leadMinutes > 24 * 60 ? ['LEAD_TIME_MINUTES must be at most 1440 (a day)'] : []),
});
