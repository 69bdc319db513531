import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { dashboardConfig } from '@/config/dashboard.config.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import { Asset, loadAssets, loginPage } from './dashboard-assets.js';
import { CurrentSession, DashboardAuthGuard } from './dashboard-auth.guard.js';
import { DashboardAuthService } from './dashboard-auth.service.js';
import { redirect } from './dashboard-http.js';
import type { DashboardSession } from './dashboard-session.js';
import { LoginFormDto } from './dto/dashboard.dto.js';

const HTML = 'text/html; charset=utf-8';

/** The pages: login form, the board (one HTML page driven by dashboard.js), its static assets, logout. */
@ApiExcludeController()
@SkipThrottle()
@Controller('dashboard')
export class DashboardPagesController {
  private readonly assets: Map<string, Asset> = loadAssets();
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
    if (!(await this.auth.sessionOf(req))) return redirect(req, reply, 303, '/dashboard/login');
    const page = this.assets.get('board.html');
    if (!page) throw new NotFoundException('The dashboard files are missing from this build.');
    this.pageHeaders(reply);
    reply.type(HTML).send(page.body);
  }

  @Get('login')
  async loginForm(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (await this.auth.sessionOf(req)) return redirect(req, reply, 303, '/dashboard');
    this.sendLogin(reply, 200, null);
  }

  @Post('login')
  async login(@Body() form: LoginFormDto, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!this.auth.isSameOrigin(req)) return this.sendLogin(reply, 403, 'This sign-in came from another site and was refused.');
    const username = (form.username ?? '').trim();
    const outcome = await this.auth.login(username, form.password ?? '', req.ip ?? 'unknown', reply);
    if (outcome.ok) return redirect(req, reply, 303, '/dashboard');
    if (outcome.reason === 'locked') {
      reply.header('Retry-After', String(outcome.retryAfterSeconds));
      return this.sendLogin(reply, 429, `Too many failed sign-ins. Try again in ${outcome.retryAfterSeconds} seconds.`, username);
    }
    this.sendLogin(reply, 401, 'Wrong user name or password.', username);
  }

  @Post('logout')
  @HttpCode(204)
  @UseGuards(DashboardAuthGuard)
  logout(@CurrentSession() session: DashboardSession, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    return this.auth.logout(session, reply);
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    const asset = file.endsWith('.html') ? undefined : this.assets.get(file);
    if (!asset) throw new NotFoundException('No such dashboard file.');
    reply.header('Cache-Control', 'no-cache').header('ETag', asset.etag);
    if (req.headers['if-none-match'] === asset.etag) {
      reply.code(304).send();
      return;
    }
    reply.type(asset.type).send(asset.body);
  }

  private pageHeaders(reply: FastifyReply): void {
    reply.header('Cache-Control', 'no-store');
    // Lets the browser name this page in `Origin` when it posts (helmet's no-referrer makes it `null`).
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('Content-Security-Policy', this.contentSecurityPolicy);
    reply.header('X-Frame-Options', 'DENY');
  }

  private sendLogin(reply: FastifyReply, status: number, message: string | null, username = ''): void {
    reply.code(status);
    this.pageHeaders(reply);
    reply.type(HTML).send(loginPage(this.restaurantName, message, username));
  }
}
