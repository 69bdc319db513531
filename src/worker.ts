import 'reflect-metadata';
import type { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { writeFile } from 'node:fs/promises';
import { getPriority, setPriority } from 'node:os';
import { AppLogger } from './common/logging.js';
import { installGracefulShutdown } from './common/graceful-shutdown.js';
import { appConfig } from './config/app.config.js';
import { databaseConfig } from './config/database.config.js';
import { exportConfig } from './config/export.config.js';
import { redisConfig } from './config/redis.config.js';
import { ConfigurationError } from './config/configuration.js';
import { ExportProcessor } from './export/export.processor.js';
import { WorkerModule } from './worker.module.js';

/**
 * `npm run start:worker`: consumes export jobs until SIGTERM/SIGINT, then stops taking jobs, finishes the
 * write in progress, closes Redis and the database, and exits 0. Any number of workers may share one export
 * folder.
 */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(await WorkerModule.forRoot(), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(AppLogger));
  if (app.get<ConfigType<typeof databaseConfig>>(databaseConfig.KEY).driver !== 'postgres') {
    await app.close();
    throw new ConfigurationError(
      'The export worker needs DATABASE_URL: the embedded database belongs to the API process (`npm start` exports in process).',
    );
  }
  const { shutdownTimeoutSeconds } = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  const { dir, workerNice } = app.get<ConfigType<typeof exportConfig>>(exportConfig.KEY);
  yieldCpuToOrders(workerNice);
  installGracefulShutdown(app, shutdownTimeoutSeconds, (m) => console.log(`Export worker: ${m}`));
  await app.init();
  const { prefix } = app.get<ConfigType<typeof redisConfig>>(redisConfig.KEY);
  console.log(`Export worker is up (pid ${process.pid}): writing ${dir}, queue prefix "${prefix}".`);
  const heartbeatFile = process.env.WORKER_HEARTBEAT_FILE;
  if (heartbeatFile) beatWhileConsuming(app.get(ExportProcessor), heartbeatFile);
}

/**
 * Lowers this process's CPU priority (Unix niceness) before any export work starts, so that where the worker
 * shares cores with the API and PostgreSQL, taking orders wins whenever the CPU is short; the workbook catches
 * up as soon as the rush leaves idle time (pacing bounds how much it wants anyway). Threads started later
 * (the libuv pool that compresses the workbook) inherit it. Raising niceness needs no privileges.
 */
function yieldCpuToOrders(nice: number): void {
  if (nice <= 0 || getPriority(0) >= nice) return; // never ask for more priority than the launcher gave
  try {
    setPriority(0, nice);
  } catch (err) {
    console.warn(`Export worker: could not lower its CPU priority (${err instanceof Error ? err.message : String(err)})`);
  }
}

/**
 * The worker serves no HTTP, so a container healthcheck reads this file instead: it is rewritten every 5 s while
 * the BullMQ worker runs and its Redis connection is ready, and goes stale when either stops.
 */
function beatWhileConsuming(processor: ExportProcessor, file: string): void {
  let busy = false; // while Redis is away the client promise may wait for the reconnect: never stack beats
  const beat = async () => {
    if (busy) return;
    busy = true;
    try {
      const client = await processor.worker.getBackend().client;
      if (processor.worker.isRunning() && client.status === 'ready') await writeFile(file, new Date().toISOString());
    } catch {
      // a missed beat is the signal
    } finally {
      busy = false;
    }
  };
  void beat();
  setInterval(() => void beat(), 5000).unref();
}

main().catch((err) => {
  if (err instanceof ConfigurationError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
