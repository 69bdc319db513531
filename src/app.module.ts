import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AllExceptionsFilter } from './common/http-exception.filter';
import { LoggingModule } from './common/logging';
import { PublicThrottlerGuard } from './common/throttler.guard';
import { AppValidationPipe } from './common/validation.pipe';
import type { AppConfig } from './config/app.config';
import { configModule } from './config/configuration';
import { DashboardModule } from './dashboard/dashboard.module';
import { DatabaseModule } from './database/database.module';
import { ExportModule } from './export/export.module';
import { GeoModule } from './geo/geo.module';
import { HealthModule } from './health/health.module';
import { MenuModule } from './menu/menu.module';
import { CreateOrderDto } from './orders/dto/create-order.dto';
import { createOrderFastPath } from './orders/dto/create-order.fast-path';
import { OrdersModule } from './orders/orders.module';
import { PaymentWebhooksModule } from './payments/payment-webhooks.module';
import { PaymentsModule } from './payments/payments.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { SharedThrottlerStorage } from './rate-limit/shared-throttler-storage';
import { VoiceModule } from './voice/voice.module';

/**
 * The HTTP application. `forRoot()` reads the stage's `.env` file and validates the environment when it is
 * called (at boot), not when this file is imported.
 */
@Module({})
export class AppModule {
  static forRoot(): DynamicModule {
    return {
      module: AppModule,
      imports: [
        configModule(),
        LoggingModule,
        ThrottlerModule.forRootAsync({
          imports: [RateLimitModule],
          inject: [ConfigService, SharedThrottlerStorage],
          useFactory: (config: ConfigService, storage: SharedThrottlerStorage) => {
            const app = config.getOrThrow<AppConfig>('app');
            return {
              throttlers: [{ name: 'default', ttl: app.throttleTtlSeconds * 1000, limit: app.throttleLimit }],
              storage,
            };
          },
        }),
        DatabaseModule,
        HealthModule,
        MenuModule,
        OrdersModule,
        PaymentsModule,
        GeoModule,
        PaymentWebhooksModule,
        VoiceModule,
        ExportModule.forRoot('api'),
        DashboardModule,
      ],
      providers: [
        {
          provide: APP_PIPE,
          // POST /api/orders and /api/orders/quote: about a tenth of the API's CPU per order went to validation.
          useValue: new AppValidationPipe(new Map([[CreateOrderDto, createOrderFastPath]])),
        },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_GUARD, useClass: PublicThrottlerGuard },
      ],
    };
  }
}
