import { IsIn, IsOptional, Matches } from 'class-validator';
import { DeliveryZone, parseDeliveryZones } from '@/geo/delivery-zones.js';
import { blankToUndefined, defineSection, parseIntOr } from './config-section.js';
import { defaultDriverFor } from './payments.config.js';

const DECIMAL = /^-?\d{1,3}(\.\d+)?$/;

class GeoEnv {
  @IsOptional()
  @IsIn(['mock', 'google'], { message: 'GEO_DRIVER must be mock or google' })
  GEO_DRIVER?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^/\s]+\/?$/, {
    message: 'GOOGLE_MAPS_API_URL must be a base URL such as https://maps.googleapis.com (no path)',
  })
  GOOGLE_MAPS_API_URL?: string;

  @IsOptional()
  @Matches(DECIMAL, { message: 'RESTAURANT_LAT must be a latitude in decimal degrees, e.g. 47.6101' })
  RESTAURANT_LAT?: string;

  @IsOptional()
  @Matches(DECIMAL, { message: 'RESTAURANT_LNG must be a longitude in decimal degrees, e.g. -122.3421' })
  RESTAURANT_LNG?: string;

  @IsOptional()
  @Matches(/^\d{3,5}$/, { message: 'GEO_TIMEOUT_MS must be a whole number of milliseconds (100-99999)' })
  GEO_TIMEOUT_MS?: string;
}

export type GeoDriver = 'mock' | 'google';

export interface GeoConfig {
  driver: GeoDriver;
  googleMapsApiKey: string;
  /** Base URL of the Maps web services; the SDK's `/maps/api/...` paths are kept. */
  googleMapsApiUrl: string;
  /** Per-attempt timeout of a geocoding request (one retry on timeouts and 5xx). */
  timeoutMs: number;
  restaurant: { lat: number; lng: number } | null;
  zones: DeliveryZone[];
}

export const geoConfig = defineSection<GeoConfig>({
  key: 'geo',
  schema: GeoEnv,
  build: (env, stage) => {
    const lat = blankToUndefined(env.RESTAURANT_LAT);
    const lng = blankToUndefined(env.RESTAURANT_LNG);
    const zones = blankToUndefined(env.DELIVERY_ZONES);
    return {
      driver: (blankToUndefined(env.GEO_DRIVER) as GeoDriver | undefined) ?? defaultDriverFor(stage, 'mock', 'google'),
      googleMapsApiKey: blankToUndefined(env.GOOGLE_MAPS_API_KEY) ?? '',
      googleMapsApiUrl: (blankToUndefined(env.GOOGLE_MAPS_API_URL) ?? 'https://maps.googleapis.com').replace(/\/+$/, ''),
      timeoutMs: parseIntOr(env.GEO_TIMEOUT_MS, 4000),
      restaurant: lat !== undefined && lng !== undefined ? { lat: Number(lat), lng: Number(lng) } : null,
      // A malformed value throws here with a message naming the setting; collectProblems reports it.
      zones: zones === undefined ? [] : parseDeliveryZones(zones),
    };
  },
  check: (cfg, stage, env) => {
    const problems: string[] = [];
    if (stage !== 'development' && cfg.driver === 'mock') {
      problems.push(`GEO_DRIVER=mock is for development only; ${stage} checks real addresses (GEO_DRIVER=google)`);
    }
    if (cfg.driver === 'google' && !cfg.googleMapsApiKey) problems.push('GOOGLE_MAPS_API_KEY is required when GEO_DRIVER=google');
    if (!cfg.restaurant) problems.push('RESTAURANT_LAT and RESTAURANT_LNG are required (the point delivery distances are measured from)');
    else {
      if (Math.abs(cfg.restaurant.lat) > 90) problems.push('RESTAURANT_LAT must be between -90 and 90');
      if (Math.abs(cfg.restaurant.lng) > 180) problems.push('RESTAURANT_LNG must be between -180 and 180');
    }
    if (blankToUndefined(env.DELIVERY_ZONES) === undefined) {
      problems.push('DELIVERY_ZONES is required (a JSON array of zones, nearest first; [] means no delivery)');
    }
    return problems;
  },
});
