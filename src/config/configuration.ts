import { ConfigModule } from '@nestjs/config';
import { appConfig } from './app.config.js';
import { collectProblems, ConfigSection, RawEnv, stageOf, trackEnvironment } from './config-section.js';
import { dashboardConfig } from './dashboard.config.js';
import { databaseConfig } from './database.config.js';
import { exportConfig } from './export.config.js';
import { geoConfig } from './geo.config.js';
import { paymentsConfig } from './payments.config.js';
import { restaurantConfig } from './restaurant.config.js';
import { voiceConfig } from './voice.config.js';

/** Every settings namespace of the product. A new module adds its section here. */
export const configSections = [
  appConfig,
  databaseConfig,
  restaurantConfig,
  paymentsConfig,
  geoConfig,
  voiceConfig,
  exportConfig,
  dashboardConfig,
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

export function configModule() {
  const loading = ConfigModule.forRoot({
    isGlobal: true,
    cache: true,
    envFilePath: envFilePath(),
    load: configSections,
    validate: validateEnvironment,
  });
  trackEnvironment(loading);
  return loading;
}
