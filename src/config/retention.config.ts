import { IsOptional, Matches } from 'class-validator';
import { defineSection, parseIntOr, RawEnv } from './config-section.js';

class RetentionEnv {
  @IsOptional()
  @Matches(/^[1-9]\d{0,2}$/, { message: 'RETENTION_MONTHS must be a whole number of months between 1 and 240' })
  RETENTION_MONTHS?: string;

  @IsOptional()
  @Matches(/^[1-9]\d{0,3}$/, { message: 'CALL_RECORDING_RETENTION_DAYS must be a whole number of days between 1 and 3650' })
  CALL_RECORDING_RETENTION_DAYS?: string;

  @IsOptional()
  @Matches(/^(\d|1\d|2[0-3])$/, { message: 'RETENTION_HOUR must be an hour of the day in restaurant time, 0 to 23' })
  RETENTION_HOUR?: string;
}

export interface RetentionConfig {
  /** Finished orders placed before the restaurant day this many months ago lose their personal data. */
  months: number;
  /** Calls lose their recording and transcript after this many days (the call record stays). */
  recordingDays: number;
  /** The hour (restaurant time) from which the night's run is due; a replica that starts later that day runs it then. */
  hour: number;
}

function read(env: RawEnv): RetentionConfig {
  return {
    months: parseIntOr(env.RETENTION_MONTHS, 24),
    recordingDays: parseIntOr(env.CALL_RECORDING_RETENTION_DAYS, 90),
    hour: parseIntOr(env.RETENTION_HOUR, 3),
  };
}

/** Retention of personal data (README "Personal data and retention"). */
export const retentionConfig = defineSection<RetentionConfig>({
  key: 'retention',
  schema: RetentionEnv,
  build: read,
  check: (value) => [
    ...(value.months > 240 ? ['RETENTION_MONTHS must be at most 240 (20 years)'] : []),
    ...(value.recordingDays > 3650 ? ['CALL_RECORDING_RETENTION_DAYS must be at most 3650 (10 years)'] : []),
  ],
});
