import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type {} from '@fastify/static'; // reply.sendFile (registered in dashboard-plugins.ts)
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { ADD_OWNER_COMMAND } from '@/accounts/staff-accounts.service.js';
import { dashboardConfig } from '@/config/dashboard.config.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import { CurrentSession, DashboardAuthGuard } from './dashboard-auth.guard.js';
import { DashboardAuthService } from './dashboard-auth.service.js';
import type { DashboardSession } from './dashboard-session.js';
import { LoginFormDto } from './dto/dashboard.dto.js';
import { forbiddenPage, loginPage } from './login-page.js';

/**
 * Chart.js (the reports page's charts), served by the app itself from the installed package: no CDN, so the
 * page's `script-src 'self'` stays.
 */
const CHART_JS_DIR = dirname(createRequire(import.meta.url).resolve('chart.js'));

/**
 * The pages: login form, the board (one HTML page driven by dashboard.js), logout. The page's CSS and JS are
 * served by @fastify/static under /dashboard/assets/ (dashboard-plugins.ts).
 */
@ApiExcludeController()
@SkipThrottle()
@Controller('dashboard')
export class DashboardPagesController {
  private readonly restaurantName: string;
  private readonly contentSecurityPolicy: string;

  constructor(
    private readonly auth: DashboardAuthService,
    @Inject(restaurantConfig.KEY) restaurant: ConfigType<typeof restaurantConfig>,
    @Inject(dashboardConfig.KEY) dashboard: ConfigType<typeof dashboardConfig>,
  ) {
    this.restaurantName = restaurant.name;
    // Stricter than the app-wide policy (no inline styles, no framing). `upgrade-insecure-requests` only
    // where the site is https: in development a tablet on the LAN reaches plain http://<laptop>:3000.
    const https = dashboard.secureCookie;
    this.contentSecurityPolicy = [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
      ...(https ? ['upgrade-insecure-requests'] : []),
    ].join('; ');
  }

  @Get()
  async board(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!(await this.auth.sessionOf(req))) {
      reply.redirect('/dashboard/login', 303);
      return;
    }
    this.pageHeaders(reply);
    reply.sendFile('board.html', { cacheControl: false });
  }

  /** The owner's sales reports (reports.html driven by reports.js); a staff account is told it is the owner's. */
  @Get('reports')
  async reports(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const session = await this.auth.sessionOf(req);
    if (!session) {
      reply.redirect('/dashboard/login', 303);
      return;
    }
    this.pageHeaders(reply);
    if (session.role !== 'owner') {
      reply
        .code(403)
        .type('text/html; charset=utf-8')
        .send(forbiddenPage(this.restaurantName, 'Reports are for the owner of the restaurant. Ask them if you need the figures.'));
      return;
    }
    reply.sendFile('reports.html', { cacheControl: false });
  }

  @Get('assets/vendor/chart.umd.min.js')
  chartJs(@Res() reply: FastifyReply): void {
    reply.header('Cache-Control', 'public, max-age=3600');
    reply.sendFile('chart.umd.min.js', CHART_JS_DIR, { cacheControl: false });
  }

  @Get('login')
  async loginForm(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (await this.auth.sessionOf(req)) reply.redirect('/dashboard', 303);
    else this.sendLogin(reply, 200, null, '', !(await this.auth.hasOwner()));
  }

  @Post('login')
  async login(@Body() form: LoginFormDto, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const username = (form.username ?? '').trim();
    const outcome = await this.auth.login(username, form.password ?? '', req.ip ?? 'unknown', reply);
    if (outcome.ok) reply.redirect('/dashboard', 303);
    else if (outcome.reason === 'invalid')
      this.sendLogin(reply, 401, 'Wrong user name or password.', username, !(await this.auth.hasOwner()));
    else {
      reply.header('Retry-After', String(outcome.retryAfterSeconds));
      this.sendLogin(reply, 429, `Too many failed sign-ins. Try again in ${outcome.retryAfterSeconds} seconds.`, username);
    }
  }

  @Post('logout')
  @HttpCode(204)
  @UseGuards(DashboardAuthGuard)
  logout(@CurrentSession() session: DashboardSession, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    return this.auth.logout(session, reply);
  }

  private pageHeaders(reply: FastifyReply): void {
    reply.header('Cache-Control', 'no-store');
    // Lets the browser name this page in `Origin` when it posts (the app-wide `no-referrer` makes it `null`).
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('Content-Security-Policy', this.contentSecurityPolicy);
    reply.header('X-Frame-Options', 'DENY');
  }

  private sendLogin(reply: FastifyReply, status: number, message: string | null, username = '', noOwner = false): void {
    reply.code(status);
    this.pageHeaders(reply);
    reply.type('text/html; charset=utf-8').send(loginPage(this.restaurantName, message, username, noOwner ? ADD_OWNER_COMMAND : null));
  }
}
