import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigService } from '@nestjs/config';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet, { HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { urlencoded } from 'express';
import { AppLogger } from './common/logging';
import type { AppConfig } from './config/app.config';
import type { RestaurantConfig } from './config/restaurant.config';

/** Largest request body accepted (JSON or form); anything bigger is a 413. */
export const BODY_LIMIT = '256kb';

/** Everything `main.ts` and the e2e tests share: security headers, body limits, CORS, Swagger. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const config = app.get(ConfigService);
  const appConfig = config.getOrThrow<AppConfig>('app');
  const logger = app.get(AppLogger);
  app.useLogger(logger);
  app.use(logger.httpLogger());
  app.disable('x-powered-by');
  // API responses are never revalidated; hashing every body for an ETag is wasted work.
  app.set('etag', false);
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use(securityHeaders({ hsts: appConfig.stage !== 'development' }));
  app.useBodyParser('json', { limit: BODY_LIMIT });
  // Only the dashboard's sign-in form posts a form; the API takes JSON (another type is a 400, not parsed).
  app.use('/dashboard', urlencoded({ limit: BODY_LIMIT, extended: false }));
  // No configured origin means no cross-origin access at all: the browser's same-origin rule needs no middleware.
  if (appConfig.corsOrigins.length > 0) app.enableCors({ origin: appConfig.corsOrigins });

  const restaurant = config.getOrThrow<RestaurantConfig>('restaurant');
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
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

/**
 * helmet's headers, worked out once at boot and set on every response: the same headers as `app.use(helmet())`
 * without running its dozen middlewares per request (they were about 5% of the API's CPU per order). Only
 * valid for options whose values do not depend on the request (no CSP nonce functions), which is how it is
 * configured here; pages that need their own CSP set it themselves.
 */
export function securityHeaders(options: HelmetOptions): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const set: Array<[string, string]> = [];
  const removed: string[] = [];
  let called = false;
  const probe = {
    setHeader: (name: string, value: string | number | readonly string[]) => set.push([name, String(value)]),
    removeHeader: (name: string) => removed.push(name),
  };
  helmet(options)({} as IncomingMessage, probe as unknown as ServerResponse, () => (called = true));
  if (!called || set.length === 0) throw new Error('helmet did not answer synchronously with its headers; use app.use(helmet()) instead');
  return (_req, res, next) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}
