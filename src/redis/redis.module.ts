import { Module } from '@nestjs/common';
import { RedisConnection } from './redis-connection.js';

/** The shared Redis (REDIS_URL, REDIS_PREFIX): imported by the export queue, the rate limiter and /health. */
@Module({ providers: [RedisConnection], exports: [RedisConnection] })
export class RedisModule {}
