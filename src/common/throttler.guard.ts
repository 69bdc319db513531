import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';

/**
 * Per-client rate limit on public endpoints. Authenticated admin calls are staff tools and are not limited;
 * routes marked @SkipThrottle (webhooks, health, dashboard) are not either.
 */
@Injectable()
export class PublicThrottlerGuard extends ThrottlerGuard {
  protected async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    return /^Bearer\s+\S/i.test(request.headers.authorization ?? '');
  }
}
