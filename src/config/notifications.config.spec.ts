import { collectProblems, ConfigSection } from './config-section.js';
import { notificationsConfig } from './notifications.config.js';

const sections = [notificationsConfig.section as ConfigSection<unknown>];
const TWILIO_OK = {
  TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
  TWILIO_AUTH_TOKEN: 'twilioAuthToken0123456789abcdef',
  TWILIO_FROM: '+12065550100',
};

describe('text message settings', () => {
  it('default to the mock notifier in development, needing nothing, and to Twilio in staging and production', () => {
    expect(collectProblems(sections, { ENV_MODE: 'development' })).toEqual([]);
    expect(notificationsConfig.section.build({}, 'development').driver).toBe('mock');
    expect(notificationsConfig.section.build({}, 'staging').driver).toBe('twilio');
    expect(notificationsConfig.section.build({}, 'production').driver).toBe('twilio');
  });

  it('refuse staging and production without the account, the token and the sender, naming each', () => {
    for (const stage of ['staging', 'production']) {
      expect(collectProblems(sections, { ENV_MODE: stage })).toEqual([
        'TWILIO_ACCOUNT_SID is required when NOTIFIER_DRIVER=twilio',
        'TWILIO_AUTH_TOKEN is required when NOTIFIER_DRIVER=twilio',
        'TWILIO_FROM is required when NOTIFIER_DRIVER=twilio (the sending number, E.164)',
      ]);
      expect(collectProblems(sections, { ENV_MODE: stage, ...TWILIO_OK })).toEqual([]);
    }
  });

  it('refuse the mock outside development, and malformed credentials or sender anywhere', () => {
    expect(collectProblems(sections, { ENV_MODE: 'production', NOTIFIER_DRIVER: 'mock' })).toEqual([
      'NOTIFIER_DRIVER=mock is for development only; production texts real customers (NOTIFIER_DRIVER=twilio)',
    ]);
    expect(
      collectProblems(sections, {
        ENV_MODE: 'development',
        NOTIFIER_DRIVER: 'sms',
        TWILIO_ACCOUNT_SID: 'SK123',
        TWILIO_FROM: '(206) 555-0100',
        TWILIO_API_URL: 'https://api.twilio.com/2010-04-01',
      }),
    ).toEqual([
      'NOTIFIER_DRIVER must be mock or twilio',
      'TWILIO_ACCOUNT_SID must be a Twilio Account SID (AC followed by 32 hex digits)',
      'TWILIO_FROM must be the sending number in E.164, e.g. +12065550100',
      'TWILIO_API_URL must be a base URL such as https://api.twilio.com (no path)',
    ]);
  });

  it('take a millisecond schedule in development (tests) but not in production', () => {
    const fast = { TEXT_SWEEP_MS: '50', TEXT_RETRY_DELAY_MS: '20', TEXT_MAX_ATTEMPTS: '3' };
    expect(collectProblems(sections, { ENV_MODE: 'development', ...fast })).toEqual([]);
    expect(collectProblems(sections, { ENV_MODE: 'production', ...TWILIO_OK, ...fast })).toEqual([
      'TEXT_RETRY_DELAY_MS must be at least 1000 in production',
      'TEXT_SWEEP_MS must be at least 1000 in production',
    ]);
    expect(collectProblems(sections, { ENV_MODE: 'development', TEXT_MAX_ATTEMPTS: '0', TEXT_SWEEP_MS: '5' })).toEqual([
      'TEXT_MAX_ATTEMPTS must be between 1 and 20',
      'TEXT_SWEEP_MS must be at least 10',
    ]);
  });
});
