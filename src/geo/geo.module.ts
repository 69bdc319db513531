import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { GeoConfig } from '@/config/geo.config.js';
import { GoogleGeocoder } from './adapters/google-geocoder.js';
import { MockGeocoder } from './adapters/mock-geocoder.js';
import { DeliveryService } from './delivery.service.js';
import { GeoService } from './geo-service.js';

/** GEO_DRIVER (default: mock in development, google in staging/production) picks the geocoder. */
@Module({
  providers: [
    {
      provide: GeoService,
      inject: [ConfigService],
      useFactory: (config: ConfigService): GeoService => {
        const geo = config.getOrThrow<GeoConfig>('geo');
        return geo.driver === 'google' ? new GoogleGeocoder(geo) : new MockGeocoder(geo.restaurant!, geo.zones);
      },
    },
    DeliveryService,
  ],
  exports: [DeliveryService, GeoService],
})
export class GeoModule {}
