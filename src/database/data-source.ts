import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadCliDatabaseConfig } from '@/config/cli-env.js';
import { typeormOptions } from './typeorm-options.js';

/** Used by `npm run migration:*` (TypeORM CLI). */
export default new DataSource({
  ...typeormOptions(loadCliDatabaseConfig()),
  entities: [join(import.meta.dirname, '..', '**', '*.entity.{js,ts}')],
});
