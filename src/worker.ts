import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
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
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  const config = app.get(ConfigService);
  if (config.getOrThrow<DatabaseConfig>('database').driver !== 'postgres') {
    await app.close();
    throw new ConfigurationError('The export worker needs DATABASE_URL: the embedded database belongs to the API process (`npm start` exports in process).');
  }
  // Our own signal handling instead of enableShutdownHooks(): Nest's re-raises the signal after closing, so the
  // process would end "killed by SIGTERM" instead of with a clean exit code.
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`Export worker: ${signal} received, finishing the write in progress...`);
    app.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await app.init();
  const { dir, redisPrefix } = config.getOrThrow<ExportConfig>('export');
  console.log(`Export worker is up (pid ${process.pid}): writing ${dir}, queue prefix "${redisPrefix}".`);
}

main().catch((err) => {
  if (err instanceof ConfigurationError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
