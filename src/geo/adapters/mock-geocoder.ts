import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { destinationPoint, type DeliveryZone, type LatLng } from '../delivery-zones.js';
import { GeocodedAddress, GeoService } from '../geo-service.js';

const EXACT_POINT = /@\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)/;

/**
 * Development and tests: no network, deterministic. `... @47.62,-122.35` resolves to exactly that point; any
 * other address resolves to a point (derived from a hash of the text) well inside the first zone.
 */
@Injectable()
export class MockGeocoder extends GeoService {
  readonly provider = 'mock';

  constructor(
    private readonly restaurant: LatLng,
    private readonly zones: DeliveryZone[],
  ) {
    super();
  }

  async geocode(address: string): Promise<GeocodedAddress> {
    const exact = EXACT_POINT.exec(address);
    if (exact) {
      const point = { lat: Number(exact[1]), lng: Number(exact[2]) };
      const text = address
        .replace(EXACT_POINT, '')
        .replace(/[\s,]+$/, '')
        .trim();
      return { ...point, formattedAddress: text || `${point.lat},${point.lng}` };
    }
    const digest = createHash('sha256').update(address.trim().toLowerCase()).digest();
    const bearing = (digest.readUInt16BE(0) / 0x10000) * 360;
    const fraction = 0.1 + (digest.readUInt16BE(2) / 0x10000) * 0.7;
    const radiusM = (this.zones[0]?.radiusKm ?? 0) * 1000;
    const point = destinationPoint(this.restaurant, bearing, radiusM * fraction);
    return { lat: round6(point.lat), lng: round6(point.lng), formattedAddress: address.trim() };
  }
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
