import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigService } from '@nestjs/config';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
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
  app.use(helmet({ hsts: appConfig.stage !== 'development' }));
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: false });
  app.enableCors({ origin: appConfig.corsOrigins.length > 0 ? appConfig.corsOrigins : false });

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
