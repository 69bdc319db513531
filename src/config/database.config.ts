import { IsOptional, Matches } from 'class-validator';
import { join } from 'node:path';
import { blankToUndefined, defineSection, parseIntOr } from './config-section.js';

class DatabaseEnv {
  @IsOptional()
  @Matches(/^(postgres|postgresql):\/\/.+/, {
    message: 'DATABASE_URL must be a postgres:// connection string',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^\d+$/, { message: 'DB_POOL_SIZE must be a whole number' })
  DB_POOL_SIZE?: string;
}

export type DatabaseConfig = { driver: 'postgres'; url: string; poolSize: number } | { driver: 'pglite'; dataDir: string };

export const databaseConfig = defineSection<DatabaseConfig>({
  key: 'database',
  schema: DatabaseEnv,
  build: (env) => {
    const url = blankToUndefined(env.DATABASE_URL);
    if (url) return { driver: 'postgres', url, poolSize: parseIntOr(env.DB_POOL_SIZE, 10) };
    const dataDir = blankToUndefined(env.DATA_DIR) ?? './data';
    return { driver: 'pglite', dataDir: dataDir === 'memory://' ? dataDir : join(dataDir, 'pglite') };
  },
  check: (cfg, stage) =>
    cfg.driver === 'pglite' && stage !== 'development'
      ? [`DATABASE_URL is required in ${stage} (the embedded database is for development only)`]
      : [],
});
