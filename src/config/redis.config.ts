import { IsOptional, Matches } from 'class-validator';
import { blankToUndefined, defineSection } from './config-section.js';

class RedisEnv {
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Matches(/^[\w.:-]{1,64}$/, { message: 'REDIS_PREFIX must be 1-64 letters, digits, ".", ":", "_" or "-"' })
  REDIS_PREFIX?: string;
}

export interface RedisConfig {
  /** The Redis every replica shares (export queue, rate-limit counters); null = none (development only). */
  url: string | null;
  /** Prefix of every key this deployment writes, so several deployments (or test files) can share one Redis. */
  prefix: string;
}

export const redisConfig = defineSection<RedisConfig>({
  key: 'redis',
  schema: RedisEnv,
  build: (env) => ({
    url: blankToUndefined(env.REDIS_URL) ?? null,
    prefix: blankToUndefined(env.REDIS_PREFIX) ?? 'ros',
  }),
  check: (cfg, stage) =>
    !cfg.url && stage !== 'development' ? [`REDIS_URL is required in ${stage} (the in-process export queue is for development only)`] : [],
});
