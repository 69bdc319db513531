import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Logger, Module, Provider } from '@nestjs/common';
import type { ExportConfig } from '@/config/export.config.js';
import type { RedisConfig } from '@/config/redis.config.js';
import { OrdersDataModule } from '@/orders/orders-data.module.js';
import { RedisConnection, redisOptionsFromUrl } from '@/redis/redis-connection.js';
import { RedisModule } from '@/redis/redis.module.js';
import { BullExportScheduler } from './bull-export-scheduler.js';
import { DayExporter } from './day-exporter.service.js';
import { DayRests } from './day-rests.js';
import { EXPORT_BULL_CONFIG, EXPORT_CONSUMING, EXPORT_QUEUE } from './export.constants.js';
import { ExportProcessor, exportProcessorWith } from './export.processor.js';
import { ExportReconciler } from './export-reconciler.service.js';
import { ExportScheduler } from './export-scheduler.js';
import { InProcessExportScheduler } from './in-process-export-scheduler.js';

export interface ExportQueueOptions {
  /** `api`: consumes too when RUN_WORKER=true or without Redis. `worker`: `npm run start:worker`, always consumes. */
  role: 'api' | 'worker';
  /** The loaded `export` and `redis` sections (LoadedConfiguration.read): they decide which providers exist. */
  export: ExportConfig;
  redis: RedisConfig;
}

/**
 * The export's queue and writer: how "day D changed" reaches the workbook. Which parts run depends on settings,
 * so the application passes them in at boot:
 *   REDIS_URL set:   BullMQ queue; the worker process consumes, the API too when RUN_WORKER=true.
 *   REDIS_URL unset: (development) the in-process queue with the same processor and locks, in the API.
 * Imported once, by AppModule or WorkerModule, and global like BullModule.forRoot: it exports the
 * ExportScheduler port and the DayExporter that the static ExportModule (HTTP, dashboard) builds on.
 */
@Module({})
export class ExportQueueModule {
  static forRoot({ role, export: cfg, redis }: ExportQueueOptions): DynamicModule {
    const imports: DynamicModule['imports'] = [OrdersDataModule];
    const providers: Provider[] = [DayExporter];
    const consume = role === 'worker' || cfg.runWorker || !redis.url;

    if (redis.url) {
      imports.push(
        BullModule.forRootAsync(EXPORT_BULL_CONFIG, {
          imports: [RedisModule],
          inject: [RedisConnection],
          // Defaults only: the queue below and the worker (exportProcessorWith) each bring their own connection.
          useFactory: (connection: RedisConnection) => ({
            connection: connection.options({ maxRetriesPerRequest: null }),
            prefix: connection.prefix,
          }),
        }),
        BullModule.registerQueueAsync({
          name: EXPORT_QUEUE,
          configKey: EXPORT_BULL_CONFIG,
          imports: [RedisModule],
          inject: [RedisConnection],
          // A producer fails fast while Redis is down: the order is already committed and the reconciler
          // re-requests its day, so nothing is gained by queueing commands in memory.
          useFactory: (connection: RedisConnection) => ({
            connection: connection.options({ enableOfflineQueue: false, maxRetriesPerRequest: 1 }),
            prefix: connection.prefix,
          }),
        }),
      );
      providers.push(BullExportScheduler, { provide: ExportScheduler, useExisting: BullExportScheduler });
      if (consume) {
        const processor = exportProcessorWith({
          // @nestjs/bullmq builds the Worker from the queue's connection, which is the producer's fail-fast one
          // above. A consumer must wait out an outage instead: with a retry limit or no offline queue, BullMQ's
          // main loop and lock renewal give up on the first commands sent while Redis is away, and the worker
          // stops consuming for good while the process lives on. These are the options BullMQ requires of a worker.
          connection: { ...redisOptionsFromUrl(redis.url), maxRetriesPerRequest: null, enableOfflineQueue: true },
          lockDuration: cfg.jobLockMs,
          stalledInterval: cfg.jobLockMs,
          maxStalledCount: 3,
        });
        providers.push({ provide: ExportProcessor, useClass: processor }, DayRests);
      }
    } else {
      if (role === 'worker') {
        throw new Error('The export worker needs REDIS_URL (without Redis, `npm start` exports in the API process).');
      }
      if (!cfg.runWorker)
        new Logger('ExportModule').warn('RUN_WORKER=false is ignored without REDIS_URL: the in-process queue is the only consumer.');
      providers.push(InProcessExportScheduler, { provide: ExportScheduler, useExisting: InProcessExportScheduler });
    }
    providers.push({ provide: EXPORT_CONSUMING, useValue: consume });
    if (consume) providers.push(ExportReconciler);
    return { module: ExportQueueModule, global: true, imports, providers, exports: [DayExporter, ExportScheduler] };
  }
}
