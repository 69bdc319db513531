import { collectProblems } from './config-section.js';
import { dashboardConfig } from './dashboard.config.js';

const problems = (env: Record<string, string>) => collectProblems([dashboardConfig.section], env);

describe('dashboard settings', () => {
  const dev = {
    DASHBOARD_USER: 'staff',
    DASHBOARD_PASSWORD: 'staff-password',
    DASHBOARD_SESSION_SECRET: 'dev-dashboard-session-secret-change-me',
  };

  it('accepts the development defaults in development, even when nothing is set', () => {
    expect(problems({ ENV_MODE: 'development', ...dev })).toEqual([]);
    expect(problems({ ENV_MODE: 'development' })).toEqual([]);
  });

  it('refuses the development password and secret in production, naming both', () => {
    const found = problems({ ENV_MODE: 'production', ...dev });
    expect(found).toEqual([
      expect.stringContaining('DASHBOARD_PASSWORD must be at least 12 characters'),
      expect.stringContaining('DASHBOARD_SESSION_SECRET must be at least 32'),
    ]);
  });

  it('requires every credential, in every stage', () => {
    expect(problems({ ENV_MODE: 'staging' })).toEqual([
      'DASHBOARD_USER is required (the staff login name)',
      'DASHBOARD_PASSWORD is required',
      'DASHBOARD_SESSION_SECRET is required',
    ]);
  });

  it('accepts strong settings in staging and marks the cookie Secure there', () => {
    const env = {
      ENV_MODE: 'staging',
      DASHBOARD_USER: 'kitchen',
      DASHBOARD_PASSWORD: 'correct horse battery',
      DASHBOARD_SESSION_SECRET: 'x'.repeat(48),
    };
    expect(problems(env)).toEqual([]);
    expect(dashboardConfig.section.build(env, 'staging').secureCookie).toBe(true);
    expect(dashboardConfig.section.build(env, 'development').secureCookie).toBe(false);
  });
});
