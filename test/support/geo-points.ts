import { destinationPoint } from '@/geo/delivery-zones.js';

/** The restaurant point of .env.development (Pike Place Market, Seattle). */
export const RESTAURANT = { lat: 47.6101, lng: -122.3421 };

/** An address the mock geocoder (and the fake Google) resolves to a point `km` east of the restaurant. */
export function addressAtKm(km: number, street = '100 Test Ave'): string {
  const p = destinationPoint(RESTAURANT, 90, km * 1000);
  return `${street} @${p.lat.toFixed(6)},${p.lng.toFixed(6)}`;
}
