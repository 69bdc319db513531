import { IsOptional, Matches } from 'class-validator';
import { blankToUndefined, defineSection, parseIntOr } from './config-section.js';

/** The secret shipped in `.env.development`; never acceptable in staging or production. */
const DEV_SECRET = 'dev-dashboard-session-secret-change-me';

class DashboardEnv {
  @IsOptional()
  @Matches(/^\d{1,3}$/, { message: 'DASHBOARD_SESSION_HOURS must be a whole number of hours' })
  DASHBOARD_SESSION_HOURS?: string;

  @IsOptional()
  @Matches(/^\d{1,3}$/, { message: 'DASHBOARD_LOGIN_MAX_FAILURES must be a whole number' })
  DASHBOARD_LOGIN_MAX_FAILURES?: string;

  @IsOptional()
  @Matches(/^\d{1,5}$/, { message: 'DASHBOARD_LOGIN_LOCK_SECONDS must be a whole number of seconds' })
  DASHBOARD_LOGIN_LOCK_SECONDS?: string;
}

export interface DashboardConfig {
  sessionSecret: string;
  sessionHours: number;
  /** Failed logins (per IP and per user name) allowed before further attempts are refused for a while. */
  loginMaxFailures: number;
  /** First lock-out after too many failures; it doubles with every further failure, up to 15 minutes. */
  loginLockSeconds: number;
  /** Session cookie carries `Secure` (everywhere but development, which runs on plain http://localhost). */
  secureCookie: boolean;
  /** DASHBOARD_USER or DASHBOARD_PASSWORD is still set: the one shared login that staff accounts replaced. */
  sharedLoginSet: boolean;
}

export const dashboardConfig = defineSection<DashboardConfig>({
  key: 'dashboard',
  schema: DashboardEnv,
  build: (env, stage) => ({
    // Development falls back to the documented default (as in .env.development); other stages must say.
    sessionSecret: env.DASHBOARD_SESSION_SECRET ?? (stage === 'development' ? DEV_SECRET : ''),
    sessionHours: parseIntOr(env.DASHBOARD_SESSION_HOURS, 12),
    loginMaxFailures: parseIntOr(env.DASHBOARD_LOGIN_MAX_FAILURES, 5),
    loginLockSeconds: parseIntOr(env.DASHBOARD_LOGIN_LOCK_SECONDS, 30),
    secureCookie: stage !== 'development',
    sharedLoginSet: blankToUndefined(env.DASHBOARD_USER) !== undefined || blankToUndefined(env.DASHBOARD_PASSWORD) !== undefined,
  }),
  check: (cfg, stage) => {
    const problems: string[] = [];
    if (!cfg.sessionSecret) problems.push('DASHBOARD_SESSION_SECRET is required');
    if (cfg.sessionHours < 1) problems.push('DASHBOARD_SESSION_HOURS must be at least 1');
    if (cfg.loginMaxFailures < 1) problems.push('DASHBOARD_LOGIN_MAX_FAILURES must be at least 1');
    if (stage !== 'development') {
      // Left set, it would look like a login that still works; it is not read any more.
      if (cfg.sharedLoginSet) {
        problems.push(
          'DASHBOARD_USER and DASHBOARD_PASSWORD are no longer read: everyone signs in with an account of their own (npm run user:add); remove them',
        );
      }
      if (cfg.sessionSecret && (cfg.sessionSecret.length < 32 || cfg.sessionSecret === DEV_SECRET)) {
        problems.push(`DASHBOARD_SESSION_SECRET must be at least 32 random characters in ${stage}`);
      }
    }
    return problems;
  },
});
