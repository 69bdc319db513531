/**
 * Test projects (see README "Tests"):
 *   unit      src/**\/*.spec.ts               logic, no I/O
 *   e2e       test/**\/*.e2e-spec.ts          the app over HTTP; run on embedded PGlite and on real PostgreSQL
 *   services  test/**\/*.services-spec.ts     need real PostgreSQL and Redis (queues, workers, processes)
 *   browser   test/browser/**\/*.browser-spec.ts   the dashboard in Debian's Chromium
 */
const common = {
  testEnvironment: 'node',
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};
module.exports = {
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    { ...common, displayName: 'services', testMatch: ['<rootDir>/test/**/*.services-spec.ts'] },
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
  ],
};
