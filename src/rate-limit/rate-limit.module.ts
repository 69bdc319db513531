import { Module } from '@nestjs/common';
import { SharedThrottlerStorage } from './shared-throttler-storage';

/** Provides the throttler's storage as a Nest provider, so its Redis connection is closed on shutdown. */
@Module({ providers: [SharedThrottlerStorage], exports: [SharedThrottlerStorage] })
export class RateLimitModule {}
