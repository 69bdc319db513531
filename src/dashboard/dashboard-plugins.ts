import fastifyCookie from '@fastify/cookie';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { join } from 'node:path';
import type { DashboardConfig } from '@/config/dashboard.config.js';
import { sessionKey } from './dashboard-session.js';

export const DASHBOARD_PATH = '/dashboard';

/** The routes that send a page (after their session check): the board and the owner's reports. */
const PAGE_ROUTES = new Set([DASHBOARD_PATH, `${DASHBOARD_PATH}/reports`]);

/** The page and its CSS, JS and icon (copied to dist by nest-cli). */
export const DASHBOARD_PUBLIC_DIR = join(import.meta.dirname, 'public');

/** Whether a route (its path as declared, not the URL as sent) belongs to the dashboard. */
export function isDashboardRoute(route: string | undefined): boolean {
  return route !== undefined && (route === DASHBOARD_PATH || route.startsWith(`${DASHBOARD_PATH}/`));
}

/**
 * What the dashboard's routes need from the HTTP layer, set up before the app starts:
 * - signed cookies (@fastify/cookie) for the session, parsed only where the dashboard asks (`hook: false`),
 *   not on every API request;
 * - its static files (@fastify/static): one route per file found at boot, so no path is ever resolved from
 *   the URL; pages (`*.html`) are not assets: board.html is sent at `/dashboard` and reports.html at `/dashboard/reports` only,
 *   after the session check;
 * - Nest's CSRF protection (Fetch Metadata, else `Origin` against `Host`) on the dashboard's state-changing
 *   routes; the public API keeps answering cross-origin clients as before, and its admin routes take a
 *   bearer token, which a browser never adds by itself. `publicOrigin` is trusted too (a proxy that rewrites
 *   `Host`). The session's CSRF token is checked on top by DashboardAuthGuard.
 */
export async function registerDashboardHttp(app: NestFastifyApplication, cfg: DashboardConfig, publicOrigin: string): Promise<void> {
  await app.register(fastifyCookie, { secret: sessionKey(cfg), hook: false });
  app.useStaticAssets({
    root: DASHBOARD_PUBLIC_DIR,
    prefix: `${DASHBOARD_PATH}/assets/`,
    wildcard: false,
    allowedPath: (path, _root, request) => !path.endsWith('.html') || PAGE_ROUTES.has(request.routeOptions.url ?? ''),
  });
  app.enableCsrfProtection({
    trustedOrigins: [publicOrigin],
    exclude: (request: FastifyRequest) => !isDashboardRoute(request.routeOptions.url),
  });
}
