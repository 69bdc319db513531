import type { NestApplicationOptions } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parse as parseQuery } from 'node:querystring';
import { AppLogger } from './common/logging.js';
import { BODY_LIMIT_BYTES, registerBodyParsers } from './common/request-body.js';
import { refuseUndecodableParams, routableUrl } from './common/undecodable-path.js';
import { appConfig as appSection } from './config/app.config.js';
import { dashboardConfig } from './config/dashboard.config.js';
import { DASHBOARD_PATH, registerDashboardHttp } from './dashboard/dashboard-plugins.js';
import { createOpenApiDocument } from './openapi/openapi-document.js';

/** What `main.ts` and the e2e tests pass to Nest beside the adapter: the body's bytes kept as `request.rawBody`. */
export const HTTP_APP_OPTIONS: NestApplicationOptions = { rawBody: true };

/**
 * The HTTP server: Fastify, set up to route as the service always has (README "Decisions"): paths match
 * case-insensitively and with or without a trailing slash, query strings are parsed by Node's querystring,
 * X-Forwarded-* are believed only from loopback and private networks, and the Node server keeps its own
 * timeouts (Fastify's keep-alive of 72 s would hold idle connections 14 times longer).
 */
export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    trustProxy: 'loopback, linklocal, uniquelocal',
    bodyLimit: BODY_LIMIT_BYTES,
    keepAliveTimeout: 5_000,
    requestTimeout: 300_000,
    // Requests that arrive while the server closes are answered, not refused with 503 (graceful-shutdown.ts
    // has already drained and told keep-alive clients to reconnect elsewhere).
    return503OnClosing: false,
    // No Nest middleware (app.use / MiddlewareConsumer): @fastify/middie would add a hook to every request.
    skipMiddie: true,
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      // A URL cannot be longer than Node's 16 KB header limit; Fastify's default of 100 turned long ids into 404s.
      maxParamLength: 16 * 1024,
      querystringParser: (query) => parseQuery(query),
    },
    rewriteUrl: routableUrl,
  });
}

/**
 * Everything `main.ts` and the e2e tests share: request log, security headers, body parsing, CORS, the
 * dashboard's cookies, static files and CSRF protection, Swagger.
 */
export async function configureApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  const appConfig = app.get<ConfigType<typeof appSection>>(appSection.KEY);
  const logger = app.get(AppLogger);
  app.useLogger(logger);
  const logRequest = logger.httpLogger();
  // The adapter's first onRequest hook, ahead of CORS and the security headers: every request is logged.
  const adapter = app.getHttpAdapter() as unknown as FastifyAdapter;
  adapter.setOnRequestHook((request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    logRequest(request, reply);
    done();
  });
  // helmet's headers and defaults, worked out once at boot and set on every response, errors and 404s included.
  app.useSecurityHeaders({ strictTransportSecurity: appConfig.stage !== 'development' });
  registerBodyParsers(app, DASHBOARD_PATH);
  refuseUndecodableParams(adapter.getInstance());
  await registerDashboardHttp(
    app,
    app.get<ConfigType<typeof dashboardConfig>>(dashboardConfig.KEY),
    new URL(appConfig.publicBaseUrl).origin,
  );
  // No configured origin means no cross-origin access at all: the browser's same-origin rule needs no hook.
  // As the `cors` middleware did: every OPTIONS request is a preflight, and these methods are offered.
  if (appConfig.corsOrigins.length > 0) {
    app.enableCors({ origin: appConfig.corsOrigins, methods: 'GET,HEAD,PUT,PATCH,POST,DELETE', strictPreflight: false });
  }

  SwaggerModule.setup('docs', app, createOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  return app;
}
