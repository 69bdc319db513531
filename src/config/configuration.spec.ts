import { appConfig } from './app.config.js';
import { validateEnvironment } from './configuration.js';
import { exportConfig } from './export.config.js';
import { schedulingConfig } from './scheduling.config.js';

/** What .env.development provides besides the token: the restaurant's location and delivery zones. */
const location = { RESTAURANT_LAT: '47.61', RESTAURANT_LNG: '-122.34', DELIVERY_ZONES: '[]' };

describe('environment validation', () => {
  it('accepts the development defaults with nothing but a token', () => {
    expect(() => validateEnvironment({ ENV_MODE: 'development', ADMIN_API_TOKEN: 'dev', ...location })).not.toThrow();
  });

  it('refuses staging with one message naming every missing or wrong setting', () => {
    let message = '';
    try {
      validateEnvironment({ ENV_MODE: 'staging', ADMIN_API_TOKEN: 'short', TAX_RATE_BPS: 'ten', PORT: 'http' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/Refusing to start: the staging configuration/);
    expect(message).toContain('ADMIN_API_TOKEN must be at least 24 characters');
    expect(message).toContain('DATABASE_URL is required in staging');
    expect(message).toContain('TAX_RATE_BPS must be basis points');
    expect(message).toContain('PORT must be a port number');
    expect(message).toContain('PUBLIC_BASE_URL');
  });

  it('refuses production without a database or an admin token', () => {
    expect(() => validateEnvironment({ ENV_MODE: 'production' })).toThrow(
      /ADMIN_API_TOKEN is required[\s\S]*DATABASE_URL is required in production/,
    );
  });

  it('logs JSON in staging and production and through a pipe; LOG_FORMAT decides when set, and only pretty or json', () => {
    const format = (env: Record<string, string>, stage: 'development' | 'staging') => appConfig.section.build(env, stage).logFormat;
    expect(format({}, 'staging')).toBe('json');
    expect(format({ LOG_FORMAT: 'pretty' }, 'staging')).toBe('pretty');
    expect(format({ LOG_FORMAT: 'json' }, 'development')).toBe('json');
    // Jest's standard output is not a terminal: development through a pipe is JSON too.
    expect(format({}, 'development')).toBe(process.stdout.isTTY ? 'pretty' : 'json');
    expect(() => validateEnvironment({ ENV_MODE: 'development', ADMIN_API_TOKEN: 'dev', LOG_FORMAT: 'fancy', ...location })).toThrow(
      'LOG_FORMAT must be pretty or json',
    );
  });

  it('reads the kitchen settings with their defaults, and refuses slots that do not divide the hour or a zero capacity', () => {
    expect(schedulingConfig.section.build({}, 'production')).toEqual({
      prepBaseMinutes: 15,
      prepPerItemMinutes: 2,
      slotMinutes: 15,
      leadMinutes: 30,
      aheadDays: 7,
      capacity: { pickup: 8, delivery: 5 },
      deliveryBaseMinutes: 10,
      deliveryMinutesPerKm: 3,
    });
    expect(() =>
      validateEnvironment({
        ENV_MODE: 'production',
        SLOT_MINUTES: '7',
        SLOT_CAPACITY_PICKUP: '0',
        DELIVERY_MINUTES_PER_KM: 'fast',
        LEAD_TIME_MINUTES: '2000',
      }),
    ).toThrow(
      /SLOT_MINUTES must be 5, 10, 15, 20, 30 or 60[\s\S]*SLOT_CAPACITY_PICKUP must be a whole number of orders, at least 1[\s\S]*DELIVERY_MINUTES_PER_KM must be minutes per kilometre[\s\S]*LEAD_TIME_MINUTES must be at most 1440/,
    );
  });

  it('treats an empty value as unset', () => {
    expect(() => validateEnvironment({ ENV_MODE: 'development', ADMIN_API_TOKEN: 'dev', DATABASE_URL: '', ...location })).not.toThrow();
  });

  it('refuses a rate-limit sync interval that is not a few milliseconds to less than the window', () => {
    const base = { ENV_MODE: 'development', ADMIN_API_TOKEN: 'dev', ...location };
    expect(() => validateEnvironment({ ...base, THROTTLE_SYNC_MS: '100' })).not.toThrow();
    expect(() => validateEnvironment({ ...base, THROTTLE_SYNC_MS: 'soon' })).toThrow(
      /THROTTLE_SYNC_MS must be a whole number of milliseconds/,
    );
    expect(() => validateEnvironment({ ...base, THROTTLE_SYNC_MS: '1' })).toThrow(/THROTTLE_SYNC_MS must be at least 5/);
    expect(() => validateEnvironment({ ...base, THROTTLE_SYNC_MS: '2000', THROTTLE_TTL_SECONDS: '2' })).toThrow(
      /THROTTLE_SYNC_MS must be shorter than THROTTLE_TTL_SECONDS/,
    );
  });

  it('rejects an unknown stage, a bad time zone and unreadable opening hours', () => {
    expect(() => validateEnvironment({ ENV_MODE: 'prod', ADMIN_API_TOKEN: 'x' })).toThrow(/ENV_MODE must be one of/);
    expect(() => validateEnvironment({ ADMIN_API_TOKEN: 'x', RESTAURANT_TIMEZONE: 'Mars/Base' })).toThrow(/IANA time zone/);
    expect(() => validateEnvironment({ ADMIN_API_TOKEN: 'x', OPENING_HOURS: 'sometimes' })).toThrow(/OPENING_HOURS/);
  });

  it('reads the export pacing settings, with defaults, and refuses unreadable or out-of-range ones', () => {
    const build = (env: Record<string, string>) => exportConfig.section.build(env, 'development').pacing;
    expect(build({})).toEqual({ coalesceMs: 100, factor: 2, maxPauseMs: 3000 });
    expect(build({ EXPORT_PACE_FACTOR: '2.5', EXPORT_MAX_PAUSE_MS: '1500' })).toEqual({ coalesceMs: 100, factor: 2.5, maxPauseMs: 1500 });
    expect(build({ EXPORT_PACE_FACTOR: '0' }).factor).toBe(0);
    const base = { ENV_MODE: 'development', ADMIN_API_TOKEN: 'dev', ...location };
    expect(() => validateEnvironment({ ...base, EXPORT_PACE_FACTOR: 'fast' })).toThrow(/EXPORT_PACE_FACTOR must be a number/);
    expect(() => validateEnvironment({ ...base, EXPORT_PACE_FACTOR: '-1' })).toThrow(/EXPORT_PACE_FACTOR must be a number/);
    expect(() => validateEnvironment({ ...base, EXPORT_PACE_FACTOR: '50' })).toThrow(/EXPORT_PACE_FACTOR must be at most 20/);
    expect(() => validateEnvironment({ ...base, EXPORT_MAX_PAUSE_MS: '2s' })).toThrow(/EXPORT_MAX_PAUSE_MS must be a whole number/);
    expect(() => validateEnvironment({ ...base, EXPORT_MAX_PAUSE_MS: '120000' })).toThrow(/EXPORT_MAX_PAUSE_MS must be at most 60000/);
  });

  it("reads the export worker's niceness (default 10, 0 leaves it) and refuses values outside 0-19", () => {
    const build = (env: Record<string, string>) => exportConfig.section.build(env, 'development').workerNice;
    expect(build({})).toBe(10);
    expect(build({ EXPORT_WORKER_NICE: '0' })).toBe(0);
    expect(build({ EXPORT_WORKER_NICE: '19' })).toBe(19);
    const base = { ENV_MODE: 'development', ADMIN_API_TOKEN: 'dev', ...location };
    expect(() => validateEnvironment({ ...base, EXPORT_WORKER_NICE: '-5' })).toThrow(
      /EXPORT_WORKER_NICE must be a whole number from 0 to 19/,
    );
    expect(() => validateEnvironment({ ...base, EXPORT_WORKER_NICE: '20' })).toThrow(/EXPORT_WORKER_NICE must be from 0 to 19/);
  });
});
