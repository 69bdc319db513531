import { IsIn, IsOptional, Matches } from 'class-validator';
import { blankToUndefined, defineSection, parseIntOr } from './config-section.js';
import { defaultDriverFor, parseApiUrl } from './payments.config.js';

export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

class NotificationsEnv {
  @IsOptional()
  @IsIn(['mock', 'twilio'], { message: 'NOTIFIER_DRIVER must be mock or twilio' })
  NOTIFIER_DRIVER?: string;

  @IsOptional()
  @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'TWILIO_ACCOUNT_SID must be a Twilio Account SID (AC followed by 32 hex digits)' })
  TWILIO_ACCOUNT_SID?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9]{16,64}$/, { message: 'TWILIO_AUTH_TOKEN must be the Auth Token of the account (letters and digits)' })
  TWILIO_AUTH_TOKEN?: string;

  @IsOptional()
  @Matches(E164_PATTERN, { message: 'TWILIO_FROM must be the sending number in E.164, e.g. +12065550100' })
  TWILIO_FROM?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^/\s]+\/?$/, { message: 'TWILIO_API_URL must be a base URL such as https://api.twilio.com (no path)' })
  TWILIO_API_URL?: string;

  @IsOptional()
  @Matches(/^\d{3,6}$/, { message: 'TWILIO_TIMEOUT_MS must be a whole number of milliseconds (100-999999)' })
  TWILIO_TIMEOUT_MS?: string;

  @IsOptional()
  @Matches(/^\d{1,2}$/, { message: 'TEXT_MAX_ATTEMPTS must be a whole number of attempts (1-20)' })
  TEXT_MAX_ATTEMPTS?: string;

  @IsOptional()
  @Matches(/^\d{1,8}$/, { message: 'TEXT_RETRY_DELAY_MS must be a whole number of milliseconds' })
  TEXT_RETRY_DELAY_MS?: string;

  @IsOptional()
  @Matches(/^\d{1,7}$/, { message: 'TEXT_SWEEP_MS must be a whole number of milliseconds' })
  TEXT_SWEEP_MS?: string;
}

export type NotifierDriver = 'mock' | 'twilio';

export interface NotificationsConfig {
  driver: NotifierDriver;
  twilioAccountSid: string;
  twilioAuthToken: string;
  /** The number texts are sent from (E.164). */
  twilioFrom: string;
  /** Base URL of Twilio's REST API; another one (a loopback fake in tests) is reached through the SDK's httpClient. */
  twilioApiUrl: string;
  twilioTimeoutMs: number;
  /** Sends of one text before it is given up and shown as failed on the order. */
  maxAttempts: number;
  /** The wait after the first failed send; each next wait is twice as long (at most an hour). */
  retryDelayMs: number;
  /** How often each API process looks for texts that are due. */
  sweepMs: number;
}

export const notificationsConfig = defineSection<NotificationsConfig>({
  key: 'notifications',
  schema: NotificationsEnv,
  build: (env, stage) => {
    const apiUrl = (blankToUndefined(env.TWILIO_API_URL) ?? 'https://api.twilio.com').replace(/\/+$/, '');
    parseApiUrl(apiUrl); // throws on a URL that does not parse; collectProblems reports it
    return {
      driver: (blankToUndefined(env.NOTIFIER_DRIVER) as NotifierDriver | undefined) ?? defaultDriverFor(stage, 'mock', 'twilio'),
      twilioAccountSid: blankToUndefined(env.TWILIO_ACCOUNT_SID) ?? '',
      twilioAuthToken: blankToUndefined(env.TWILIO_AUTH_TOKEN) ?? '',
      twilioFrom: blankToUndefined(env.TWILIO_FROM) ?? '',
      twilioApiUrl: apiUrl,
      twilioTimeoutMs: parseIntOr(env.TWILIO_TIMEOUT_MS, 10_000),
      maxAttempts: parseIntOr(env.TEXT_MAX_ATTEMPTS, 6),
      retryDelayMs: parseIntOr(env.TEXT_RETRY_DELAY_MS, 30_000),
      sweepMs: parseIntOr(env.TEXT_SWEEP_MS, 5_000),
    };
  },
  check: (cfg, stage) => {
    const problems: string[] = [];
    if (stage !== 'development' && cfg.driver === 'mock') {
      problems.push(`NOTIFIER_DRIVER=mock is for development only; ${stage} texts real customers (NOTIFIER_DRIVER=twilio)`);
    }
    if (cfg.driver === 'twilio') {
      if (!cfg.twilioAccountSid) problems.push('TWILIO_ACCOUNT_SID is required when NOTIFIER_DRIVER=twilio');
      if (!cfg.twilioAuthToken) problems.push('TWILIO_AUTH_TOKEN is required when NOTIFIER_DRIVER=twilio');
      if (!cfg.twilioFrom) problems.push('TWILIO_FROM is required when NOTIFIER_DRIVER=twilio (the sending number, E.164)');
    }
    if (!(cfg.maxAttempts >= 1 && cfg.maxAttempts <= 20)) problems.push('TEXT_MAX_ATTEMPTS must be between 1 and 20');
    if (!(cfg.retryDelayMs >= 10)) problems.push('TEXT_RETRY_DELAY_MS must be at least 10');
    if (!(cfg.sweepMs >= 10)) problems.push('TEXT_SWEEP_MS must be at least 10');
    if (stage !== 'development') {
      // Tests use millisecond schedules; a deployment doing so would give up on a text within seconds.
      if (cfg.retryDelayMs < 1000) problems.push(`TEXT_RETRY_DELAY_MS must be at least 1000 in ${stage}`);
      if (cfg.sweepMs < 1000) problems.push(`TEXT_SWEEP_MS must be at least 1000 in ${stage}`);
    }
    return problems;
  },
});
