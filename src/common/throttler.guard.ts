import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { appConfig } from '@/config/app.config.js';
import { isAdminRequest } from './admin-auth.guard.js';

/**
 * Per-client rate limit on public endpoints. Authenticated admin calls are staff tools and are not limited;
 * routes marked @SkipThrottle (webhooks, health, dashboard) are not either.
 */
@Injectable()
export class PublicThrottlerGuard extends ThrottlerGuard {
  // A property, not a constructor parameter: ThrottlerGuard's constructor is the library's.
  @Inject(appConfig.KEY) private readonly app!: ConfigType<typeof appConfig>;

  protected async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // Only the real admin token: any "Bearer x" header used to lift the limit for everyone.
    return isAdminRequest(request, this.app.adminApiToken);
  }

  /**
   * The counter's key as plain text (route and client) instead of the library's SHA-256 of the same text: a
   * hash per request bought nothing (the counters live in this process and under the app's own Redis prefix).
   */
  protected generateKey(context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${context.getClass().name}-${context.getHandler().name}-${throttlerName}-${tracker}`;
  }
}
