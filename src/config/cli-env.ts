import { config as loadDotenv } from 'dotenv';
import { databaseConfig, DatabaseConfig } from './database.config.js';
import { envFilePath, validateEnvironment } from './configuration.js';
import { RawEnv, stageOf } from './config-section.js';

/**
 * For command-line tools outside Nest (the TypeORM CLI, the voice scripts): the stage's `.env` file under the
 * real environment, as the app reads them. Empty values count as unset.
 */
export function loadCliEnv(path: string = envFilePath()): RawEnv {
  loadDotenv({ path, quiet: true });
  return Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v.trim() !== ''));
}

export function loadCliDatabaseConfig(): DatabaseConfig {
  const env = loadCliEnv();
  validateEnvironment(env);
  return databaseConfig.section.build(env, stageOf(env));
}
