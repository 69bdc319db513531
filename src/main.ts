import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigService } from '@nestjs/config';
import { AppModule } from './app.module';
import { configureApp } from './bootstrap';
import type { AppConfig } from './config/app.config';
import { ConfigurationError } from './config/configuration';

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(), { bufferLogs: true, rawBody: true });
  configureApp(app);
  const { port, stage, publicBaseUrl } = app.get(ConfigService).getOrThrow<AppConfig>('app');
  await app.listen(port, '0.0.0.0');
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
