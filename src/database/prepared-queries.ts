import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { isEmbedded } from './typeorm-options.js';

/**
 * Named (server-side prepared) statements for the few queries every order runs. PostgreSQL then parses and
 * plans them once per connection instead of once per order; under load that was the largest single cost of
 * order intake. On embedded PGlite, which has one session and no pool, they run as plain queries.
 */
@Injectable()
export class PreparedQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async query<T = Record<string, unknown>>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const pool = this.pool();
    if (!pool) return this.dataSource.query(text, values);
    const result = await pool.query({ name, text, values });
    return result.rows as T[];
  }

  private pool(): Pool | undefined {
    return isEmbedded(this.dataSource) ? undefined : (this.dataSource.driver as unknown as { master?: Pool }).master;
  }
}
