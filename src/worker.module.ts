import { DynamicModule, Module } from '@nestjs/common';
import { LoggingModule } from './common/logging';
import { configModule } from './config/configuration';
import { DatabaseModule } from './database/database.module';
import { ExportModule } from './export/export.module';

/** The export worker process: database, queue consumer and reconciler; no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        configModule(),
        LoggingModule,
        DatabaseModule,
        ExportModule.forRoot('worker'),
      ],
    };
  }
}
