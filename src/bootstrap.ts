import type { NestApplicationOptions } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet, { HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { BODY_LIMIT_BYTES, dropUnparseableContentType, registerBodyParsers } from './common/body-parsers.js';
import { closeBadConnection, expressDocsContentTypes, refuseUndecodableParams, routableUrl } from './common/express-compat.js';
import { AppLogger } from './common/logging.js';
import { appConfig as appSection } from './config/app.config.js';
import { restaurantConfig } from './config/restaurant.config.js';
import { DASHBOARD_PATH } from './dashboard/dashboard-auth.service.js';

/** What `main.ts` and the e2e tests pass to Nest beside the adapter: the body parsers are ours (configureApp). */
export const HTTP_APP_OPTIONS: NestApplicationOptions = { bodyParser: false };

/**
 * The HTTP server: Fastify, set up to route and answer as the Express app before it did (README "Decisions"):
 * paths match case-insensitively and with or without a trailing slash, query strings are parsed by Node's
 * querystring, X-Forwarded-* are believed only from loopback and private networks, and the Node server keeps
 * its own timeouts (Fastify's keep-alive of 72 s would hold idle connections 14 times longer). Malformed
 * requests and paths are answered as before too (common/express-compat.ts).
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
    clientErrorHandler: closeBadConnection,
  });
}

/** Everything `main.ts` and the e2e tests share: request log, security headers, body parsing, CORS, Swagger. */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  const appConfig = app.get<ConfigType<typeof appSection>>(appSection.KEY);
  const logger = app.get(AppLogger);
  app.useLogger(logger);
  const logRequest = logger.httpLogger();
  const setSecurityHeaders = securityHeaders({ hsts: appConfig.stage !== 'development' });
  // The adapter's first onRequest hook, ahead of CORS: a preflight it answers is logged and carries the headers.
  const adapter = app.getHttpAdapter() as unknown as FastifyAdapter;
  adapter.setOnRequestHook((request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    logRequest(request, reply);
    setSecurityHeaders(reply);
    dropUnparseableContentType(request);
    done();
  });
  const fastify = adapter.getInstance();
  // JSON everywhere; a form only for the dashboard's sign-in (the API takes JSON: another type is a 400, not parsed).
  registerBodyParsers(fastify, DASHBOARD_PATH);
  refuseUndecodableParams(fastify);
  // No configured origin means no cross-origin access at all: the browser's same-origin rule needs no hook.
  // As the `cors` middleware did: every OPTIONS request is a preflight, and these methods are offered.
  if (appConfig.corsOrigins.length > 0) {
    app.enableCors({ origin: appConfig.corsOrigins, methods: 'GET,HEAD,PUT,PATCH,POST,DELETE', strictPreflight: false });
  }

  const restaurant = app.get<ConfigType<typeof restaurantConfig>>(restaurantConfig.KEY);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`${restaurant.name} ordering API`)
      .setDescription(
        'Orders from web, mobile and phone (Vapi). Prices are computed on the server in minor units. ' +
          'Errors are JSON {statusCode, error, message, code?}; business rejections are 422 with a stable code.',
      )
      .setVersion('1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ADMIN_API_TOKEN' })
      .build(),
  );
  expressDocsContentTypes(fastify, '/docs');
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

/**
 * helmet's headers, worked out once at boot and set on every response: the same headers as running helmet
 * itself without its dozen middlewares per request (they were about 5% of the API's CPU per order). Only valid
 * for options whose values do not depend on the request (no CSP nonce functions), which is how it is configured
 * here; pages that need their own CSP set it themselves. (helmet also removes X-Powered-By, which Fastify never
 * sends.)
 */
export function securityHeaders(options: HelmetOptions): (reply: Pick<FastifyReply, 'header'>) => void {
  const set: Array<[string, string]> = [];
  let called = false;
  const probe = {
    setHeader: (name: string, value: string | number | readonly string[]) => set.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  helmet(options)({} as IncomingMessage, probe as unknown as ServerResponse, () => (called = true));
  if (!called || set.length === 0) throw new Error('helmet did not answer synchronously with its headers; run helmet itself instead');
  return (reply) => {
    for (const [name, value] of set) reply.header(name, value);
  };
}
