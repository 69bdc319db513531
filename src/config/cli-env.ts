import { config as loadDotenv } from 'dotenv';
import { databaseConfig, DatabaseConfig } from './database.config';
import { envFilePath, validateEnvironment } from './configuration';
import { stageOf } from './config-section';

/** For command-line tools outside Nest (the TypeORM CLI, scripts): the same files and validation as the app. */
export function loadCliDatabaseConfig(): DatabaseConfig {
  loadDotenv({ path: envFilePath(), quiet: true } as Parameters<typeof loadDotenv>[0]);
  validateEnvironment(process.env);
  return databaseConfig.section.build(process.env, stageOf(process.env));
}
