import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isEmbedded } from './typeorm-options.js';

/** Any fixed 64-bit number shared by every replica: "the schema and seed lock". */
const BOOTSTRAP_LOCK_KEY = 7_346_221_901;

/**
 * Runs pending migrations at boot. On PostgreSQL this happens under an advisory lock, so any number of
 * replicas can start at once on an empty database and exactly one of them migrates and seeds.
 */
@Injectable()
export class DatabaseBootstrapService implements OnModuleInit {
  private readonly logger = new Logger(DatabaseBootstrapService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.withBootstrapLock(async () => {
      const applied = await this.dataSource.runMigrations({ transaction: 'each' });
      if (applied.length > 0) this.logger.log(`Applied migrations: ${applied.map((m) => m.name).join(', ')}`);
    });
  }

  /** Runs `work` while holding the cluster-wide bootstrap lock (a no-op lock on embedded PGlite). */
  async withBootstrapLock<T>(work: () => Promise<T>): Promise<T> {
    if (isEmbedded(this.dataSource)) return work();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [BOOTSTRAP_LOCK_KEY]);
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [BOOTSTRAP_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }
}
