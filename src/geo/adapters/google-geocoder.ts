import { Injectable, Logger } from '@nestjs/common';
import { Client, GeocodeResponse, LocationType, Status } from '@googlemaps/google-maps-services-js';
import { DomainError, ErrorCode } from '@/common/domain-error.js';
import type { GeoConfig } from '@/config/geo.config.js';
import { GeocodedAddress, GeoService } from '../geo-service.js';

export const ADDRESS_NOT_FOUND_MESSAGE = 'We could not find that address. Please give the street, house number and city.';
export const GEO_UNAVAILABLE_MESSAGE = 'We cannot check delivery addresses right now. Please try again in a minute, or choose pickup.';

/**
 * Google Geocoding API through the official SDK. Only geocoding is used: distance is a straight line to the
 * restaurant, so the (Legacy) Distance Matrix API is not needed.
 */
@Injectable()
export class GoogleGeocoder extends GeoService {
  readonly provider = 'google';
  private readonly logger = new Logger(GoogleGeocoder.name);
  private readonly client = new Client({});
  private readonly url: string;

  constructor(private readonly config: Pick<GeoConfig, 'googleMapsApiKey' | 'googleMapsApiUrl' | 'timeoutMs'>) {
    super();
    // The SDK's request config takes `url`; only the origin changes, the /maps/api/... path stays Google's.
    this.url = `${config.googleMapsApiUrl}/maps/api/geocode/json`;
  }

  async geocode(address: string): Promise<GeocodedAddress> {
    let response: GeocodeResponse;
    try {
      response = await this.client.geocode({
        url: this.url,
        params: { address, key: this.config.googleMapsApiKey },
        timeout: this.config.timeoutMs,
        // One quick retry on timeouts and 5xx; quota and key errors are not retried (they will not heal in 250 ms).
        raxConfig: { retry: 1, noResponseRetries: 1, retryDelay: 250, backoffType: 'static', statusCodesToRetry: [[500, 599]] },
      });
    } catch (err) {
      throw this.translate(err);
    }
    const data = response.data;
    const best = data.results?.[0];
    if (data.status !== Status.OK || !best) throw new DomainError(ErrorCode.ADDRESS_NOT_FOUND, ADDRESS_NOT_FOUND_MESSAGE);
    // A town or postcode alone geocodes to its centre: not somewhere a driver can deliver to.
    if (best.geometry.location_type === LocationType.APPROXIMATE) {
      throw new DomainError(
        ErrorCode.ADDRESS_NOT_FOUND,
        `We found only an area (${best.formatted_address}), not a street address. Please add the street and house number.`,
      );
    }
    return { lat: best.geometry.location.lat, lng: best.geometry.location.lng, formattedAddress: best.formatted_address };
  }

  private translate(err: unknown): DomainError {
    // The SDK rejects with an axios error; its non-OK statuses (REQUEST_DENIED...) arrive as HTTP 4xx/5xx.
    const response = (err as { response?: { status: number; data?: { status?: string; error_message?: string } } }).response;
    if (response) {
      const body = response.data;
      const status = body?.status ?? `HTTP ${response.status}`;
      if (status === 'INVALID_REQUEST' || status === 'NOT_FOUND') {
        return new DomainError(ErrorCode.ADDRESS_NOT_FOUND, ADDRESS_NOT_FOUND_MESSAGE);
      }
      this.logger.error(`Google geocoding refused: ${status}${body?.error_message ? ` (${body.error_message})` : ''}`);
      return new DomainError(ErrorCode.GEO_UNAVAILABLE, GEO_UNAVAILABLE_MESSAGE);
    }
    const e = err as { code?: string; message?: string };
    this.logger.warn(`Google geocoding did not answer: ${e.code ?? ''} ${e.message ?? String(err)}`);
    return new DomainError(ErrorCode.GEO_UNAVAILABLE, GEO_UNAVAILABLE_MESSAGE);
  }
}
