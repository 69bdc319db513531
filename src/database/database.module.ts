import { Global, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConfig } from '@/config/database.config.js';
import { DatabaseBootstrapService } from './database-bootstrap.service.js';
import { PreparedQueries } from './prepared-queries.js';
import { typeormOptions } from './typeorm-options.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (database: ConfigType<typeof databaseConfig>) => ({
        ...typeormOptions(database),
        autoLoadEntities: true,
        retryAttempts: 5,
        retryDelay: 2000,
      }),
    }),
  ],
  providers: [DatabaseBootstrapService, PreparedQueries],
  exports: [DatabaseBootstrapService, PreparedQueries],
})
export class DatabaseModule {}
