import type { DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { appConfig } from './app.config.js';
import { collectProblems, ConfigSection, RawEnv, Stage, stageOf } from './config-section.js';
import { dashboardConfig } from './dashboard.config.js';
import { databaseConfig } from './database.config.js';
import { exportConfig } from './export.config.js';
import { geoConfig } from './geo.config.js';
import { notificationsConfig } from './notifications.config.js';
import { paymentsConfig } from './payments.config.js';
import { redisConfig } from './redis.config.js';
import { restaurantConfig } from './restaurant.config.js';
import { retentionConfig } from './retention.config.js';
import { schedulingConfig } from './scheduling.config.js';
import { voiceConfig } from './voice.config.js';

/** Every settings namespace of the product. A new module adds its section here. */
export const configSections = [
  appConfig,
  databaseConfig,
  restaurantConfig,
  paymentsConfig,
  geoConfig,
  voiceConfig,
  redisConfig,
  exportConfig,
  dashboardConfig,
  schedulingConfig,
  notificationsConfig,
  retentionConfig,
];

export class ConfigurationError extends Error {}

export function validateEnvironment(env: RawEnv): RawEnv {
  const problems = collectProblems(
    configSections.map((s) => s.section as ConfigSection<unknown>),
    env,
  );
  if (problems.length > 0) {
    throw new ConfigurationError(
      `Refusing to start: the ${stageOf(env)} configuration has ${problems.length} problem(s):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
  }
  return env;
}

/** `.env.${ENV_MODE}` holds the stage's defaults; real environment variables override it. */
export function envFilePath(env: RawEnv = process.env): string {
  return `.env.${stageOf(env)}`;
}

export interface LoadedConfiguration {
  /** The global ConfigModule: every section is injectable as `@Inject(section.KEY)`. */
  module: DynamicModule;
  /**
   * A section's value for a module whose shape depends on settings (which queue, whether this process consumes):
   * its `forRoot()` runs before any provider exists. The same value Nest injects, built from the same environment.
   */
  read<T>(section: () => T): T;
}

export interface LoadOptions {
  /** The stage to load whatever the shell's ENV_MODE says (a tool such as `npm run openapi` wants development's). */
  stage?: Stage;
}

/**
 * Loads the stage's `.env` file and validates every section; rejects with the single ConfigurationError message
 * when the configuration is refused, before Nest starts.
 */
export async function loadConfiguration(options: LoadOptions = {}): Promise<LoadedConfiguration> {
  if (options.stage) process.env.ENV_MODE = options.stage;
  const module = await ConfigModule.forRoot({
    isGlobal: true,
    cache: true,
    envFilePath: envFilePath(),
    load: configSections,
    validate: validateEnvironment,
  });
  // process.env now holds the stage file under the real environment, exactly what the section factories read.
  return { module, read: (section) => section() };
}
