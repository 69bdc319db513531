import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { DashboardConfig } from '@/config/dashboard.config';
import type { RestaurantConfig } from '@/config/restaurant.config';
import { Asset, loadAssets, loginPage } from './dashboard-assets';
import { CurrentSession, DashboardAuthGuard } from './dashboard-auth.guard';
import { DashboardAuthService } from './dashboard-auth.service';
import type { DashboardSession } from './dashboard-session';
import { LoginFormDto } from './dto/dashboard.dto';

/** The pages: login form, the board (one HTML page driven by dashboard.js), its static assets, logout. */
@ApiExcludeController()
@SkipThrottle()
@Controller('dashboard')
export class DashboardPagesController {
  private readonly assets: Map<string, Asset> = loadAssets();
  private readonly restaurantName: string;
  private readonly contentSecurityPolicy: string;

  constructor(private readonly auth: DashboardAuthService, config: ConfigService) {
    this.restaurantName = config.getOrThrow<RestaurantConfig>('restaurant').name;
    // Stricter than the app-wide policy (no inline styles, no framing). `upgrade-insecure-requests` only
    // where the site is https: in development a tablet on the LAN reaches plain http://<laptop>:3000.
    const https = config.getOrThrow<DashboardConfig>('dashboard').secureCookie;
    this.contentSecurityPolicy = [
      "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
      "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'",
      ...(https ? ['upgrade-insecure-requests'] : []),
    ].join('; ');
  }

  @Get()
  async board(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!(await this.auth.sessionOf(req))) return res.redirect(303, '/dashboard/login');
    const page = this.assets.get('board.html');
    if (!page) throw new NotFoundException('The dashboard files are missing from this build.');
    this.pageHeaders(res);
    res.type('html').send(page.body);
  }

  @Get('login')
  async loginForm(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (await this.auth.sessionOf(req)) return res.redirect(303, '/dashboard');
    this.sendLogin(res, 200, null);
  }

  @Post('login')
  async login(@Body() form: LoginFormDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.auth.isSameOrigin(req)) return this.sendLogin(res, 403, 'This sign-in came from another site and was refused.');
    const username = (form.username ?? '').trim();
    const outcome = await this.auth.login(username, form.password ?? '', req.ip ?? 'unknown', res);
    if (outcome.ok) return res.redirect(303, '/dashboard');
    if (outcome.reason === 'locked') {
      res.setHeader('Retry-After', String(outcome.retryAfterSeconds));
      return this.sendLogin(res, 429, `Too many failed sign-ins. Try again in ${outcome.retryAfterSeconds} seconds.`, username);
    }
    this.sendLogin(res, 401, 'Wrong user name or password.', username);
  }

  @Post('logout')
  @HttpCode(204)
  @UseGuards(DashboardAuthGuard)
  logout(@CurrentSession() session: DashboardSession, @Res({ passthrough: true }) res: Response): Promise<void> {
    return this.auth.logout(session, res);
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Req() req: Request, @Res() res: Response): void {
    const asset = file.endsWith('.html') ? undefined : this.assets.get(file);
    if (!asset) throw new NotFoundException('No such dashboard file.');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('ETag', asset.etag);
    if (req.get('if-none-match') === asset.etag) {
      res.status(304).end();
      return;
    }
    res.type(asset.type).send(asset.body);
  }

  private pageHeaders(res: Response): void {
    res.setHeader('Cache-Control', 'no-store');
    // Lets the browser name this page in `Origin` when it posts (helmet's no-referrer makes it `null`).
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('Content-Security-Policy', this.contentSecurityPolicy);
    res.setHeader('X-Frame-Options', 'DENY');
  }

  private sendLogin(res: Response, status: number, message: string | null, username = ''): void {
    res.status(status);
    this.pageHeaders(res);
    res.type('html').send(loginPage(this.restaurantName, message, username));
  }
}
