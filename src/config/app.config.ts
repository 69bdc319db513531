import { IsIn, IsOptional, Matches } from 'class-validator';
import { blankToUndefined, defineSection, parseIntOr, Stage } from './config-section.js';

class AppEnv {
  @IsOptional()
  @Matches(/^\d{1,5}$/, { message: 'PORT must be a port number' })
  PORT?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL?: string;

  @IsOptional()
  @IsIn(['pretty', 'json'], { message: 'LOG_FORMAT must be pretty or json' })
  LOG_FORMAT?: string;

  @IsOptional()
  @Matches(/^\d+$/, { message: 'THROTTLE_LIMIT must be a whole number' })
  THROTTLE_LIMIT?: string;

  @IsOptional()
  @Matches(/^\d+$/, { message: 'THROTTLE_TTL_SECONDS must be a whole number' })
  THROTTLE_TTL_SECONDS?: string;

  @IsOptional()
  @Matches(/^\d+$/, { message: 'THROTTLE_SYNC_MS must be a whole number of milliseconds' })
  THROTTLE_SYNC_MS?: string;

  @IsOptional()
  @Matches(/^\d+$/, { message: 'SHUTDOWN_TIMEOUT_SECONDS must be a whole number' })
  SHUTDOWN_TIMEOUT_SECONDS?: string;
}

export interface AppConfig {
  stage: Stage;
  port: number;
  logLevel: string;
  /** `pretty`: one coloured line a message, for a person at a terminal; `json`: one JSON object a line. */
  logFormat: 'pretty' | 'json';
  dataDir: string;
  adminApiToken: string;
  corsOrigins: string[];
  throttleLimit: number;
  throttleTtlSeconds: number;
  /** How often each replica sends its rate-limit hits to Redis and reads the shared totals back. */
  throttleSyncMs: number;
  publicBaseUrl: string;
  shutdownTimeoutSeconds: number;
}

export const appConfig = defineSection<AppConfig>({
  key: 'app',
  schema: AppEnv,
  build: (env, stage) => {
    const port = parseIntOr(env.PORT, 3000);
    return {
      stage,
      port,
      logLevel: blankToUndefined(env.LOG_LEVEL) ?? 'info',
      // A developer's terminal gets readable lines; a pipe (a log collector, a test) and the other stages get JSON.
      logFormat: (blankToUndefined(env.LOG_FORMAT) ?? (stage === 'development' && process.stdout.isTTY ? 'pretty' : 'json')) as
        'pretty' | 'json',
      dataDir: blankToUndefined(env.DATA_DIR) ?? './data',
      adminApiToken: blankToUndefined(env.ADMIN_API_TOKEN) ?? '',
      corsOrigins: (env.CORS_ORIGINS ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      throttleLimit: parseIntOr(env.THROTTLE_LIMIT, 120),
      throttleTtlSeconds: parseIntOr(env.THROTTLE_TTL_SECONDS, 60),
      throttleSyncMs: parseIntOr(env.THROTTLE_SYNC_MS, 50),
      shutdownTimeoutSeconds: parseIntOr(env.SHUTDOWN_TIMEOUT_SECONDS, 10),
      publicBaseUrl: (blankToUndefined(env.PUBLIC_BASE_URL) ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    };
  },
  check: (cfg, stage) => {
    const problems: string[] = [];
    if (!cfg.adminApiToken) problems.push('ADMIN_API_TOKEN is required');
    else if (stage !== 'development' && cfg.adminApiToken.length < 24) {
      problems.push(`ADMIN_API_TOKEN must be at least 24 characters in ${stage}`);
    }
    if (cfg.throttleLimit < 1) problems.push('THROTTLE_LIMIT must be at least 1');
    if (cfg.throttleTtlSeconds < 1) problems.push('THROTTLE_TTL_SECONDS must be at least 1');
    if (cfg.throttleSyncMs < 5) problems.push('THROTTLE_SYNC_MS must be at least 5');
    else if (cfg.throttleSyncMs >= cfg.throttleTtlSeconds * 1000)
      problems.push('THROTTLE_SYNC_MS must be shorter than THROTTLE_TTL_SECONDS');
    if (stage !== 'development' && !/^https:\/\//.test(cfg.publicBaseUrl)) {
      problems.push(`PUBLIC_BASE_URL must be the https:// address callers' services reach in ${stage}`);
    }
    return problems;
  },
});
