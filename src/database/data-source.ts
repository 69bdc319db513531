import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadCliDatabaseConfig } from '@/config/cli-env';
import { typeormOptions } from './typeorm-options';

/** Used by `npm run migration:*` (TypeORM CLI). */
export default new DataSource({
  ...typeormOptions(loadCliDatabaseConfig()),
  entities: [join(__dirname, '..', '**', '*.entity.{js,ts}')],
});
