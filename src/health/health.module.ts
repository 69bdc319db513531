import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { RedisModule } from '@/redis/redis.module.js';
import { HealthController } from './health.controller.js';
import { RedisHealthIndicator } from './redis.health.js';

/** /health checks the infrastructure every request depends on: the database, and Redis where configured. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false, errorLogStyle: 'pretty' }), RedisModule],
  controllers: [HealthController],
  providers: [RedisHealthIndicator],
})
export class HealthModule {}
