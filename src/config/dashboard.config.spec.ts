import { collectProblems } from './config-section.js';
import { dashboardConfig } from './dashboard.config.js';

const problems = (env: Record<string, string>) => collectProblems([dashboardConfig.section], env);

describe('dashboard settings', () => {
  const devSecret = { DASHBOARD_SESSION_SECRET: 'dev-dashboard-session-secret-change-me' };

  it('accepts the development defaults in development, even when nothing is set', () => {
    expect(problems({ ENV_MODE: 'development', ...devSecret })).toEqual([]);
    expect(problems({ ENV_MODE: 'development' })).toEqual([]);
  });

  it('refuses the development secret in production', () => {
    expect(problems({ ENV_MODE: 'production', ...devSecret })).toEqual([
      expect.stringContaining('DASHBOARD_SESSION_SECRET must be at least 32'),
    ]);
  });

  it('requires the session secret in every stage but development', () => {
    expect(problems({ ENV_MODE: 'staging' })).toEqual(['DASHBOARD_SESSION_SECRET is required']);
  });

  it('refuses the shared login that staff accounts replaced, so nobody believes it still works', () => {
    const env = {
      ENV_MODE: 'production',
      DASHBOARD_SESSION_SECRET: 'x'.repeat(48),
      DASHBOARD_USER: 'kitchen',
      DASHBOARD_PASSWORD: 'correct horse battery',
    };
    expect(problems(env)).toEqual([expect.stringContaining('DASHBOARD_USER and DASHBOARD_PASSWORD are no longer read')]);
    expect(problems({ ...env, DASHBOARD_USER: '', DASHBOARD_PASSWORD: ' ' })).toEqual([]);
  });

  it('accepts strong settings in staging and marks the cookie Secure there', () => {
    const env = { ENV_MODE: 'staging', DASHBOARD_SESSION_SECRET: 'x'.repeat(48) };
    expect(problems(env)).toEqual([]);
    expect(dashboardConfig.section.build(env, 'staging').secureCookie).toBe(true);
    expect(dashboardConfig.section.build(env, 'development').secureCookie).toBe(false);
  });
});
