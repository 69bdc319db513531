import { DynamicModule, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ClockModule } from './common/clock.js';
import { AllExceptionsFilter } from './common/http-exception.filter.js';
import { LoggingModule } from './common/logging.js';
import { PublicThrottlerGuard } from './common/throttler.guard.js';
import { AppValidationPipe } from './common/validation.pipe.js';
import { appConfig } from './config/app.config.js';
import { loadConfiguration, LoadOptions } from './config/configuration.js';
import { exportConfig } from './config/export.config.js';
import { redisConfig } from './config/redis.config.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { DatabaseModule } from './database/database.module.js';
import { ExportQueueModule } from './export/export-queue.module.js';
import { ExportModule } from './export/export.module.js';
import { GeoModule } from './geo/geo.module.js';
import { HealthModule } from './health/health.module.js';
import { MenuModule } from './menu/menu.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { CreateOrderDto } from './orders/dto/create-order.dto.js';
import { createOrderFastPath } from './orders/dto/create-order.fast-path.js';
import { OrderPageModule } from './order-page/order-page.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { PaymentWebhooksModule } from './payments/payment-webhooks.module.js';
import { PaymentsModule } from './payments/payments.module.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { SharedThrottlerStorage } from './rate-limit/shared-throttler-storage.js';
import { VoiceModule } from './voice/voice.module.js';

/**
 * The HTTP application. `forRoot()` reads the stage's `.env` file and validates the environment when it is
 * called (at boot), not when this file is imported; a refused configuration rejects it before Nest starts.
 */
@Module({})
export class AppModule {
  static async forRoot(options: LoadOptions = {}): Promise<DynamicModule> {
    const config = await loadConfiguration(options);
    return {
      module: AppModule,
      imports: [
        config.module,
        ClockModule,
        LoggingModule,
        ThrottlerModule.forRootAsync({
          imports: [RateLimitModule],
          inject: [appConfig.KEY, SharedThrottlerStorage],
          useFactory: (app: ConfigType<typeof appConfig>, storage: SharedThrottlerStorage) => ({
            throttlers: [{ name: 'default', ttl: app.throttleTtlSeconds * 1000, limit: app.throttleLimit }],
            storage,
          }),
        }),
        DatabaseModule,
        HealthModule,
        MenuModule,
        OrdersModule,
        PaymentsModule,
        GeoModule,
        PaymentWebhooksModule,
        NotificationsModule,
        OrderPageModule,
        VoiceModule,
        ExportQueueModule.forRoot({ role: 'api', export: config.read(exportConfig), redis: config.read(redisConfig) }),
        ExportModule,
        ReportsModule,
        RetentionModule,
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
