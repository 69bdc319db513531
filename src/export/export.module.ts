import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Logger, Module, Provider, Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ExportConfig, loadedExportConfig } from '@/config/export.config.js';
import { DashboardExportProvider } from '@/dashboard/dashboard-integrations.js';
import { OrdersDataModule } from '@/orders/orders-data.module.js';
import { OrdersModule } from '@/orders/orders.module.js';
import { BullExportScheduler } from './bull-export-scheduler.js';
import { DayExporter } from './day-exporter.service.js';
import { DayRests } from './day-rests.js';
import { ExportDashboardProvider } from './export-dashboard.provider.js';
import { ExportEnqueuer } from './export-enqueuer.service.js';
import { ExportHealth } from './export-health.js';
import { EXPORT_BULL_CONFIG, EXPORT_QUEUE } from './export.constants.js';
import { ExportProcessor, exportWorkerOptions } from './export.processor.js';
import { ExportReconciler } from './export-reconciler.service.js';
import { ExportScheduler } from './export-scheduler.js';
import { ExportsController } from './exports.controller.js';
import { ExportsService } from './exports.service.js';
import { InProcessExportScheduler } from './in-process-export-scheduler.js';
import { redisOptionsFromUrl } from './redis-connection.js';

export type ExportRole = 'api' | 'worker';

/**
 * The Excel export. Which parts run depends on the settings, known only once the stage's `.env` is loaded:
 *   REDIS_URL set:   BullMQ queue; the worker process consumes, the API too when RUN_WORKER=true.
 *   REDIS_URL unset: (development) the in-process queue with the same processor and locks.
 * The API role also listens to order events and serves /api/exports.
 */
@Module({})
export class ExportModule {
  static async forRoot(role: ExportRole): Promise<DynamicModule> {
    const cfg = await loadedExportConfig();
    const imports: DynamicModule['imports'] = [OrdersDataModule];
    const providers: Provider[] = [DayExporter];
    const controllers: Type[] = [];
    const consume = role === 'worker' || cfg.runWorker || !cfg.redisUrl;

    if (cfg.redisUrl) {
      imports.push(
        BullModule.forRootAsync(EXPORT_BULL_CONFIG, {
          inject: [ConfigService],
          useFactory: (config: ConfigService) => {
            const c = config.getOrThrow<ExportConfig>('export');
            // Defaults only: the queue below and the worker (exportWorkerOptions) each bring their own connection.
            return { connection: { ...redisOptionsFromUrl(c.redisUrl!), maxRetriesPerRequest: null }, prefix: c.redisPrefix };
          },
        }),
        BullModule.registerQueueAsync({
          name: EXPORT_QUEUE,
          configKey: EXPORT_BULL_CONFIG,
          inject: [ConfigService],
          useFactory: (config: ConfigService) => {
            const c = config.getOrThrow<ExportConfig>('export');
            // A producer fails fast while Redis is down: the order is already committed and the reconciler
            // re-requests its day, so nothing is gained by queueing commands in memory.
            return {
              connection: { ...redisOptionsFromUrl(c.redisUrl!), enableOfflineQueue: false, maxRetriesPerRequest: 1 },
              prefix: c.redisPrefix,
            };
          },
        }),
      );
      providers.push(BullExportScheduler, { provide: ExportScheduler, useExisting: BullExportScheduler });
      if (consume) {
        Object.assign(exportWorkerOptions, {
          // @nestjs/bullmq builds the Worker from the queue's connection, which is the producer's fail-fast one
          // above. A consumer must wait out an outage instead: with a retry limit or no offline queue, BullMQ's
          // main loop and lock renewal give up on the first commands sent while Redis is away, and the worker
          // stops consuming for good while the process lives on. These are the options BullMQ requires of a worker.
          connection: { ...redisOptionsFromUrl(cfg.redisUrl), maxRetriesPerRequest: null, enableOfflineQueue: true },
          lockDuration: cfg.jobLockMs,
          stalledInterval: cfg.jobLockMs,
          maxStalledCount: 3,
        });
        providers.push(ExportProcessor, DayRests, {
          provide: 'EXPORT_CONSUMER_FLAG',
          inject: [BullExportScheduler],
          useFactory: (s: BullExportScheduler) => {
            s.consuming = true;
            return true;
          },
        });
      }
    } else {
      if (role === 'worker') {
        throw new Error('The export worker needs REDIS_URL (without Redis, `npm start` exports in the API process).');
      }
      if (!cfg.runWorker)
        new Logger('ExportModule').warn('RUN_WORKER=false is ignored without REDIS_URL: the in-process queue is the only consumer.');
      providers.push(InProcessExportScheduler, { provide: ExportScheduler, useExisting: InProcessExportScheduler });
    }
    if (consume) providers.push(ExportReconciler);
    if (role === 'api') {
      imports.push(OrdersModule);
      providers.push(ExportEnqueuer, ExportsService, ExportHealth, { provide: DashboardExportProvider, useClass: ExportDashboardProvider });
      controllers.push(ExportsController);
    }
    const exports = role === 'api' ? [DayExporter, ExportScheduler, DashboardExportProvider] : [DayExporter, ExportScheduler];
    return { module: ExportModule, imports, providers, controllers, exports };
  }
}
