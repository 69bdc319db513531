import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { geoConfig } from '@/config/geo.config.js';
import { GoogleGeocoder } from './adapters/google-geocoder.js';
import { MockGeocoder } from './adapters/mock-geocoder.js';
import { DeliveryService } from './delivery.service.js';
import { GeoService } from './geo-service.js';

/** GEO_DRIVER (default: mock in development, google in staging/production) picks the geocoder. */
@Module({
  providers: [
    {
      provide: GeoService,
      inject: [geoConfig.KEY],
      useFactory: (geo: ConfigType<typeof geoConfig>): GeoService =>
        geo.driver === 'google' ? new GoogleGeocoder(geo) : new MockGeocoder(geo.restaurant!, geo.zones),
    },
    DeliveryService,
  ],
  exports: [DeliveryService, GeoService],
})
export class GeoModule {}
