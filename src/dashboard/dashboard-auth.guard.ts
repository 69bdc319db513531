import { CanActivate, createParamDecorator, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DashboardAuthService } from './dashboard-auth.service.js';
import { CSRF_HEADER, DashboardSession } from './dashboard-session.js';
import { REQUIRED_ROLE, type StaffRole } from './staff-roles.js';

type SessionRequest = FastifyRequest & { dashboardSession?: DashboardSession };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every dashboard data route: a valid session cookie, and on state-changing requests the session's CSRF token
 * in `X-CSRF-Token` (the request's origin is checked before, by Nest's CSRF protection: dashboard-plugins.ts).
 */
@Injectable()
export class DashboardAuthGuard implements CanActivate {
  constructor(
    private readonly auth: DashboardAuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<SessionRequest>();
    const session = await this.auth.sessionOf(req);
    if (!session) throw new UnauthorizedException('Please sign in to the dashboard.');
    if (!SAFE_METHODS.has(req.method) && !this.auth.checkCsrf(session, firstValue(req.headers[CSRF_HEADER]))) {
      throw new ForbiddenException('Missing or wrong CSRF token; reload the dashboard and try again.');
    }
    const required = this.reflector.getAllAndOverride<StaffRole | undefined>(REQUIRED_ROLE, [context.getHandler(), context.getClass()]);
    if (required && session.role !== required) throw new ForbiddenException('Only an owner may do this; ask the owner of the restaurant.');
    req.dashboardSession = session;
    return true;
  }
}

/** A header as sent once (Node joins most repeated headers with commas; a few stay arrays). */
function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The signed-in staff session (only on routes behind DashboardAuthGuard). */
export const CurrentSession = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): DashboardSession => ctx.switchToHttp().getRequest<SessionRequest>().dashboardSession!,
);
