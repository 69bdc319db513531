import { Module } from '@nestjs/common';
import { RedisModule } from '@/redis/redis.module.js';
import { SharedThrottlerStorage } from './shared-throttler-storage.js';

/** Provides the throttler's storage as a Nest provider, so it sends its last counts and closes its Redis connection on shutdown. */
@Module({ imports: [RedisModule], providers: [SharedThrottlerStorage], exports: [SharedThrottlerStorage] })
export class RateLimitModule {}
