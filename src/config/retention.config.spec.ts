import { collectProblems, ConfigSection } from './config-section.js';
import { validateEnvironment } from './configuration.js';
import { retentionConfig } from './retention.config.js';

const sections = [retentionConfig.section as ConfigSection<unknown>];

describe('retention settings', () => {
  it('default to 24 months, 90 days for recordings and 03:00 restaurant time, in every stage', () => {
    for (const stage of ['development', 'staging', 'production'] as const) {
      expect(retentionConfig.section.build({}, stage)).toEqual({ months: 24, recordingDays: 90, hour: 3 });
      expect(collectProblems(sections, { ENV_MODE: stage })).toEqual([]);
    }
    expect(
      retentionConfig.section.build({ RETENTION_MONTHS: '36', CALL_RECORDING_RETENTION_DAYS: '30', RETENTION_HOUR: '0' }, 'production'),
    ).toEqual({
      months: 36,
      recordingDays: 30,
      hour: 0,
    });
  });

  it('refuse what is not a positive whole number in bounds, naming each setting', () => {
    expect(collectProblems(sections, { RETENTION_MONTHS: '0', CALL_RECORDING_RETENTION_DAYS: '-5', RETENTION_HOUR: '24' })).toEqual([
      'RETENTION_MONTHS must be a whole number of months between 1 and 240',
      'CALL_RECORDING_RETENTION_DAYS must be a whole number of days between 1 and 3650',
      'RETENTION_HOUR must be an hour of the day in restaurant time, 0 to 23',
    ]);
    expect(collectProblems(sections, { RETENTION_MONTHS: '2 years', CALL_RECORDING_RETENTION_DAYS: '90.5' })).toHaveLength(2);
    expect(collectProblems(sections, { RETENTION_MONTHS: '241', CALL_RECORDING_RETENTION_DAYS: '3651' })).toEqual([
      'RETENTION_MONTHS must be at most 240 (20 years)',
      'CALL_RECORDING_RETENTION_DAYS must be at most 3650 (10 years)',
    ]);
  });

  it('stop production from booting with a wrong value, in the one boot message', () => {
    expect(() => validateEnvironment({ ENV_MODE: 'production', RETENTION_MONTHS: 'forever' })).toThrow(
      /Refusing to start[\s\S]*RETENTION_MONTHS must be a whole number of months between 1 and 240/,
    );
  });
});
