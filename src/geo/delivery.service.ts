import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DomainError, ErrorCode } from '@/common/domain-error.js';
import { geoConfig } from '@/config/geo.config.js';
import { distanceMeters, findZone } from './delivery-zones.js';
import { GeoService } from './geo-service.js';

export interface DeliveryQuote {
  formattedAddress: string;
  lat: number | null;
  lng: number | null;
  distanceMeters: number | null;
  zone: string | null;
  feeCents: number;
  minOrderCents: number;
}

/**
 * Prices delivery to an address: geocode it (always the address given now, never a remembered one), measure
 * the straight line to the restaurant, and take the first zone (nearest first) that contains it.
 */
@Injectable()
export class DeliveryService {
  constructor(
    private readonly geo: GeoService,
    @Inject(geoConfig.KEY) private readonly config: ConfigType<typeof geoConfig>,
  ) {}

  /** Throws ADDRESS_NOT_FOUND / OUT_OF_DELIVERY_AREA (422) or GEO_UNAVAILABLE (503). */
  async quote(address: string): Promise<DeliveryQuote> {
    const place = await this.geo.geocode(address);
    const meters = distanceMeters(this.config.restaurant!, place);
    const zone = findZone(this.config.zones, meters);
    if (!zone) {
      const furthest = this.config.zones.at(-1);
      throw new DomainError(
        ErrorCode.OUT_OF_DELIVERY_AREA,
        furthest
          ? `Sorry, ${place.formattedAddress} is ${describeDistance(meters)} away and we deliver up to ${describeDistance(furthest.radiusKm * 1000)}. Pickup is always possible.`
          : 'Sorry, we do not deliver at the moment. Pickup is always possible.',
        { distanceMeters: Math.round(meters), maxDistanceMeters: furthest ? furthest.radiusKm * 1000 : 0 },
      );
    }
    return {
      formattedAddress: place.formattedAddress.slice(0, 300),
      lat: place.lat,
      lng: place.lng,
      distanceMeters: Math.round(meters),
      zone: zone.name,
      feeCents: zone.feeCents,
      minOrderCents: zone.minOrderCents,
    };
  }
}

/** "4.2 km (2.6 miles)": read aloud by the voice assistant, so one decimal and both units. */
export function describeDistance(meters: number): string {
  const km = meters / 1000;
  const miles = meters / 1609.344;
  return `${km.toFixed(1)} km (${miles.toFixed(1)} miles)`;
}
