import { Test, TestingModuleBuilder } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Clock } from '@/common/clock.js';
import { finishContract, recordContract } from './contract.js';
import { createDatabase, dropDatabase, testDatabaseKind } from './databases.js';
import { seedPgliteFromTemplate } from './pglite-template.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestApp {
  app: NestFastifyApplication;
  /** Base URL of the listening server (http://127.0.0.1:PORT). */
  url: string;
  dataSource: DataSource;
  dataDir: string;
  databaseUrl?: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment for this app (set before the config module loads). */
  env?: Record<string, string>;
  /** Override providers, e.g. outside SDK wrappers. */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** Reuse an existing database instead of creating a fresh one. */
  databaseUrl?: string;
  /** Extra modules beside AppModule. */
  imports?: NonNullable<Parameters<typeof Test.createTestingModule>[0]['imports']>;
  /**
   * The time the app reads (opening hours, business days, timestamps), e.g. `new TestClock('2026-03-08T09:59:00Z')`
   * from `./test-clock.js`, moved by the test with `set`/`advance`. Without it the app reads the real clock.
   */
  clock?: Clock;
}

/**
 * Boots the whole AppModule the way main.ts does, on a fresh database: embedded PGlite in a temp folder by
 * default, or a new PostgreSQL database when TEST_DB=postgres. Listens on an ephemeral loopback port.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ros-test-'));
  const kind = testDatabaseKind();
  const databaseUrl = options.databaseUrl ?? (kind === 'postgres' ? await createDatabase() : undefined);
  const env: Record<string, string> = {
    ENV_MODE: 'development',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    ADMIN_API_TOKEN: ADMIN_TOKEN,
    THROTTLE_LIMIT: '100000',
    THROTTLE_TTL_SECONDS: '60',
    OPENING_HOURS: '24/7',
    TAX_RATE_BPS: '1000',
    CURRENCY: 'USD',
    RESTAURANT_TIMEZONE: 'America/Los_Angeles',
    RESTAURANT_NAME: 'Test Trattoria',
    // Apps under test place orders by the hundred at one reading of the clock; the capacity tests set their own.
    SLOT_CAPACITY_PICKUP: '9999',
    SLOT_CAPACITY_DELIVERY: '9999',
    DATABASE_URL: databaseUrl ?? '',
    ...options.env,
  };
  Object.assign(process.env, env);
  // The app runs on embedded PGlite when no DATABASE_URL reaches it (database.config.ts).
  if (!env.DATABASE_URL && env.DATA_DIR !== 'memory://') await seedPgliteFromTemplate(join(env.DATA_DIR, 'pglite'));

  const { AppModule } = await import('@/app.module.js');
  const { configureApp, createHttpAdapter, HTTP_APP_OPTIONS } = await import('@/bootstrap.js');
  let builder = Test.createTestingModule({ imports: [await AppModule.forRoot(), ...(options.imports ?? [])] });
  if (options.clock) builder = builder.overrideProvider(Clock).useValue(options.clock);
  if (options.override) builder = options.override(builder);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { ...HTTP_APP_OPTIONS, bufferLogs: true });
  await configureApp(app);
  // Every answer of a documented operation is checked against openapi.json; close() fails on any it does not describe.
  const contract = recordContract(app.getHttpAdapter().getInstance());
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const dataSource = app.get(DataSource);
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    dataSource,
    dataDir,
    databaseUrl,
    close: async () => {
      await app.close();
      if (databaseUrl && !options.databaseUrl) await dropDatabase(databaseUrl);
      rmSync(dataDir, { recursive: true, force: true });
      finishContract(contract);
    },
  };
}
