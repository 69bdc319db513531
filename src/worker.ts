import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { AppLogger } from './common/logging';
import { installGracefulShutdown } from './common/graceful-shutdown';
import type { AppConfig } from './config/app.config';
import type { DatabaseConfig } from './config/database.config';
import type { ExportConfig } from './config/export.config';
import { ConfigurationError } from './config/configuration';
import { WorkerModule } from './worker.module';

/**
 * `npm run start:worker`: consumes export jobs until SIGTERM/SIGINT, then stops taking jobs, finishes the
 * write in progress, closes Redis and the database, and exits 0. Any number of workers may share one export
 * folder.
 */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(AppLogger));
  const config = app.get(ConfigService);
  if (config.getOrThrow<DatabaseConfig>('database').driver !== 'postgres') {
    await app.close();
    throw new ConfigurationError('The export worker needs DATABASE_URL: the embedded database belongs to the API process (`npm start` exports in process).');
  }
  const { shutdownTimeoutSeconds } = config.getOrThrow<AppConfig>('app');
  installGracefulShutdown(app, shutdownTimeoutSeconds, (m) => console.log(`Export worker: ${m}`));
  await app.init();
  const { dir, redisPrefix } = config.getOrThrow<ExportConfig>('export');
  console.log(`Export worker is up (pid ${process.pid}): writing ${dir}, queue prefix "${redisPrefix}".`);
}

main().catch((err) => {
  if (err instanceof ConfigurationError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
