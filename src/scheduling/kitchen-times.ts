import type { SchedulingConfig } from '@/config/scheduling.config.js';

/** A line as the kitchen times it: how many portions, and the dish's own minutes per portion if it has them. */
export interface PrepLine {
  quantity: number;
  prepMinutes: number | null;
}

/** Minutes to prepare an order: the base, plus each portion's minutes (the dish's own, or the setting's). */
export function prepMinutes(lines: readonly PrepLine[], cfg: Pick<SchedulingConfig, 'prepBaseMinutes' | 'prepPerItemMinutes'>): number {
  return lines.reduce((sum, line) => sum + line.quantity * (line.prepMinutes ?? cfg.prepPerItemMinutes), cfg.prepBaseMinutes);
}

/** Minutes from the kitchen to the door: the base, plus minutes per started 100 m of the distance (unknown: base). */
export function travelMinutes(
  distanceMeters: number | null,
  cfg: Pick<SchedulingConfig, 'deliveryBaseMinutes' | 'deliveryMinutesPerKm'>,
): number {
  if (distanceMeters === null || !(distanceMeters > 0)) return cfg.deliveryBaseMinutes;
  return cfg.deliveryBaseMinutes + Math.ceil((Math.ceil(distanceMeters / 100) / 10) * cfg.deliveryMinutesPerKm);
}
