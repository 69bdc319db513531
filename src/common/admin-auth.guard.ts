import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { IncomingHttpHeaders } from 'node:http';
import { appConfig } from '@/config/app.config.js';
import { safeEqual } from './safe-equal.js';

/** Admin API calls carry `Authorization: Bearer <ADMIN_API_TOKEN>`. */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  private readonly token: string;

  constructor(@Inject(appConfig.KEY) app: ConfigType<typeof appConfig>) {
    this.token = app.adminApiToken;
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: IncomingHttpHeaders }>();
    if (isAdminRequest(request, this.token)) return true;
    throw new UnauthorizedException('A valid admin token is required (Authorization: Bearer <token>).');
  }
}

export function isAdminRequest(request: { headers: IncomingHttpHeaders }, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  return !!match && token.length > 0 && safeEqual(match[1].trim(), token);
}
