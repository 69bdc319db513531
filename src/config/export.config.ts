import { IsOptional, Matches } from 'class-validator';
import { join, resolve } from 'node:path';
import type { PacingRule } from '@/export/export-pacing.js';
import { blankToUndefined, defineSection, parseBool, parseIntOr } from './config-section.js';

const BOOL = /^(1|0|true|false|yes|no|on|off)$/i;

class ExportEnv {
  @IsOptional()
  @Matches(BOOL, { message: 'RUN_WORKER must be true or false' })
  RUN_WORKER?: string;

  @IsOptional()
  @Matches(/^\d+$/, { message: 'EXPORT_RECONCILE_SECONDS must be a whole number' })
  EXPORT_RECONCILE_SECONDS?: string;

  @IsOptional()
  @Matches(/^\d+$/, { message: 'EXPORT_LOCK_STALE_SECONDS must be a whole number' })
  EXPORT_LOCK_STALE_SECONDS?: string;

  @IsOptional()
  @Matches(/^\d+$/, { message: 'EXPORT_JOB_LOCK_SECONDS must be a whole number' })
  EXPORT_JOB_LOCK_SECONDS?: string;

  @IsOptional()
  @Matches(/^\d+$/, { message: 'EXPORT_WORKER_NICE must be a whole number from 0 to 19' })
  EXPORT_WORKER_NICE?: string;

  @IsOptional()
  @Matches(/^\d+(\.\d+)?$/, { message: 'EXPORT_PACE_FACTOR must be a number such as 2 or 2.5 (0 turns pacing off)' })
  EXPORT_PACE_FACTOR?: string;

  @IsOptional()
  @Matches(/^\d+$/, { message: 'EXPORT_MAX_PAUSE_MS must be a whole number of milliseconds' })
  EXPORT_MAX_PAUSE_MS?: string;
}

export interface ExportConfig {
  /** Absolute folder of the daily workbooks. */
  dir: string;
  /** Whether the API process also consumes export jobs (a worker process always does). */
  runWorker: boolean;
  /** How often a consumer looks for orders whose change never reached the workbook. */
  reconcileSeconds: number;
  /** proper-lockfile `stale`: a lock not refreshed for this long is taken over (must exceed the slowest write). */
  lockStaleMs: number;
  /** How long to wait for another process's file lock before the job fails and retries. */
  lockAcquireTimeoutMs: number;
  /** BullMQ job lock; a job whose worker died is handed to another worker after about this long. */
  jobLockMs: number;
  /** Scheduling niceness of `npm run start:worker` (0 = as the parent): on a shared host, orders come first. */
  workerNice: number;
  /** How long a day rests between two writes (README "Excel export", pacing). */
  pacing: PacingRule;
}

export const exportConfig = defineSection<ExportConfig>({
  key: 'export',
  schema: ExportEnv,
  build: (env, stage) => {
    const dataDir = blankToUndefined(env.DATA_DIR) ?? './data';
    const base = dataDir === 'memory://' ? './data' : dataDir;
    return {
      dir: resolve(blankToUndefined(env.EXPORT_DIR) ?? join(base, 'exports')),
      runWorker: parseBool(env.RUN_WORKER, stage === 'development'),
      reconcileSeconds: parseIntOr(env.EXPORT_RECONCILE_SECONDS, 30),
      lockStaleMs: parseIntOr(env.EXPORT_LOCK_STALE_SECONDS, 60) * 1000,
      lockAcquireTimeoutMs: 30_000,
      jobLockMs: parseIntOr(env.EXPORT_JOB_LOCK_SECONDS, 30) * 1000,
      workerNice: parseIntOr(env.EXPORT_WORKER_NICE, 10),
      pacing: {
        coalesceMs: 100,
        factor: blankToUndefined(env.EXPORT_PACE_FACTOR) === undefined ? 2 : Number(env.EXPORT_PACE_FACTOR),
        maxPauseMs: parseIntOr(env.EXPORT_MAX_PAUSE_MS, 3000),
      },
    };
  },
  check: (cfg) => {
    const problems: string[] = [];
    if (cfg.reconcileSeconds < 1) problems.push('EXPORT_RECONCILE_SECONDS must be at least 1');
    if (cfg.lockStaleMs < 5000) problems.push('EXPORT_LOCK_STALE_SECONDS must be at least 5');
    if (cfg.jobLockMs < 2000) problems.push('EXPORT_JOB_LOCK_SECONDS must be at least 2');
    if (cfg.workerNice > 19) problems.push('EXPORT_WORKER_NICE must be from 0 to 19');
    if (cfg.pacing.factor > 20) problems.push('EXPORT_PACE_FACTOR must be at most 20');
    if (cfg.pacing.maxPauseMs > 60_000) problems.push('EXPORT_MAX_PAUSE_MS must be at most 60000 (the rest bounds the export lag)');
    return problems;
  },
});
