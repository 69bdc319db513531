import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DatabaseConfig } from '@/config/database.config';
import { DatabaseBootstrapService } from './database-bootstrap.service';
import { PreparedQueries } from './prepared-queries';
import { typeormOptions } from './typeorm-options';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        ...typeormOptions(config.getOrThrow<DatabaseConfig>('database')),
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
