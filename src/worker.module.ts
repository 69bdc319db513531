import { DynamicModule, Module } from '@nestjs/common';
import { LoggingModule } from './common/logging.js';
import { configModule } from './config/configuration.js';
import { DatabaseModule } from './database/database.module.js';
import { ExportModule } from './export/export.module.js';

/** The export worker process: database, queue consumer and reconciler; no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(): DynamicModule {
    return {
      module: WorkerModule,
      imports: [configModule(), LoggingModule, DatabaseModule, ExportModule.forRoot('worker')],
    };
  }
}
