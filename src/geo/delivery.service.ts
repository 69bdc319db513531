import { Injectable } from '@nestjs/common';

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
 * Prices delivery to an address. This first version charges no fee and checks no zone; the geo module
 * replaces it with geocoding and delivery zones.
 */
@Injectable()
export class DeliveryService {
  async quote(address: string): Promise<DeliveryQuote> {
    return { formattedAddress: address, lat: null, lng: null, distanceMeters: null, zone: null, feeCents: 0, minOrderCents: 0 };
  }
}
