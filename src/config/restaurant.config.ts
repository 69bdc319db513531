import { IsOptional, Matches } from 'class-validator';
import { OpeningHours } from '@/orders/opening-hours.js';
import { blankToUndefined, defineSection, parseIntOr } from './config-section.js';

class RestaurantEnv {
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'CURRENCY must be an ISO 4217 code such as USD' })
  CURRENCY?: string;

  @IsOptional()
  @Matches(/^\d{1,4}$/, { message: 'TAX_RATE_BPS must be basis points between 0 and 9999' })
  TAX_RATE_BPS?: string;
}

export interface RestaurantConfig {
  name: string;
  timezone: string;
  currency: string;
  taxRateBps: number;
  openingHours: OpeningHours;
}

export function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const restaurantConfig = defineSection<RestaurantConfig>({
  key: 'restaurant',
  schema: RestaurantEnv,
  build: (env) => {
    const timezone = blankToUndefined(env.RESTAURANT_TIMEZONE) ?? 'UTC';
    if (!isValidTimezone(timezone)) {
      throw new Error(`RESTAURANT_TIMEZONE must be an IANA time zone such as America/Los_Angeles (got "${timezone}")`);
    }
    return {
      name: blankToUndefined(env.RESTAURANT_NAME) ?? 'Demo Restaurant',
      timezone,
      currency: blankToUndefined(env.CURRENCY) ?? 'USD',
      taxRateBps: parseIntOr(env.TAX_RATE_BPS, 0),
      openingHours: OpeningHours.parse(blankToUndefined(env.OPENING_HOURS) ?? '24/7', timezone),
    };
  },
});
