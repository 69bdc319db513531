import { mkdirSync } from 'node:fs';
import type { DataSource, DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '@/config/database.config.js';
import { migrations } from './migrations/index.js';
import { serializedPgliteDriver } from './pglite-pool.js';

/** Connection options shared by the app, the migration CLI and tests. */
export function typeormOptions(cfg: DatabaseConfig): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
  };
  if (cfg.driver === 'postgres') {
    return {
      ...common,
      url: cfg.url,
      poolSize: cfg.poolSize,
      extra: { connectionTimeoutMillis: 5000, idleTimeoutMillis: 30000 },
    };
  }
  if (cfg.dataDir !== 'memory://') mkdirSync(cfg.dataDir, { recursive: true });
  return { ...common, driver: serializedPgliteDriver(cfg.dataDir) };
}

/** Whether this data source is the embedded PGlite session (one process, no pool, no advisory locks). */
export function isEmbedded(dataSource: DataSource): boolean {
  return !!(dataSource.options as { driver?: unknown }).driver;
}
