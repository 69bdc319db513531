import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ConfigType } from '@nestjs/config';
import { AppModule } from './app.module.js';
import { configureApp, createHttpAdapter, HTTP_APP_OPTIONS } from './bootstrap.js';
import { appConfig } from './config/app.config.js';
import { ConfigurationError } from './config/configuration.js';
import { installGracefulShutdown } from './common/graceful-shutdown.js';

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(await AppModule.forRoot(), createHttpAdapter(), {
    ...HTTP_APP_OPTIONS,
    bufferLogs: true,
    abortOnError: false,
  });
  await configureApp(app);
  const { port, stage, publicBaseUrl, shutdownTimeoutSeconds } = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  await app.listen(port, '0.0.0.0');
  const logger = new Logger('Shutdown');
  installGracefulShutdown(app, shutdownTimeoutSeconds, (m) => logger.log(m), app.getHttpServer());
  const base = stage === 'development' ? `http://localhost:${port}` : publicBaseUrl;
  console.log(
    [
      `Restaurant ordering system is up (${stage}).`,
      `  API:        ${base}/api/menu`,
      `  Swagger UI: ${base}/docs`,
      `  Dashboard:  ${base}/dashboard`,
      `  Health:     ${base}/health`,
    ].join('\n'),
  );
}

main().catch((err) => {
  if (err instanceof ConfigurationError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
