import type { LatLng } from './delivery-zones.js';

export interface GeocodedAddress extends LatLng {
  /** The address as the geocoder understood it (what the driver reads). */
  formattedAddress: string;
}

/**
 * Port: turns a typed or spoken address into a point. Implementations throw DomainError ADDRESS_NOT_FOUND
 * (422) when nothing matches and GEO_UNAVAILABLE (503) when the provider refuses or does not answer.
 */
export abstract class GeoService {
  abstract readonly provider: string;
  abstract geocode(address: string): Promise<GeocodedAddress>;
}
