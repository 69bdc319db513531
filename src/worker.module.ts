import { DynamicModule, Module } from '@nestjs/common';
import { ClockModule } from './common/clock.js';
import { LoggingModule } from './common/logging.js';
import { loadConfiguration } from './config/configuration.js';
import { exportConfig } from './config/export.config.js';
import { redisConfig } from './config/redis.config.js';
import { DatabaseModule } from './database/database.module.js';
import { ExportQueueModule } from './export/export-queue.module.js';

/** The export worker process: database, queue consumer and reconciler; no HTTP. */
@Module({})
export class WorkerModule {
  static async forRoot(): Promise<DynamicModule> {
    const config = await loadConfiguration();
    return {
      module: WorkerModule,
      imports: [
        config.module,
        ClockModule,
        LoggingModule,
        DatabaseModule,
        ExportQueueModule.forRoot({ role: 'worker', export: config.read(exportConfig), redis: config.read(redisConfig) }),
      ],
    };
  }
}
