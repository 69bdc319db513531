import { DynamicModule, Module } from '@nestjs/common';
import { LoggingModule } from './common/logging.js';
import { configModule } from './config/configuration.js';
import { DatabaseModule } from './database/database.module.js';
import { ExportModule } from './export/export.module.js';

/** The export worker process: database, queue consumer and reconciler; no HTTP. */
@Module({})
export class WorkerModule {
  static async forRoot(): Promise<DynamicModule> {
    const config = await configModule();
    return {
      module: WorkerModule,
      imports: [config, LoggingModule, DatabaseModule, ExportModule.forRoot('worker')],
    };
  }
}
