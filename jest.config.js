// One base for the five projects; each differs only in its name and which files it runs (test/run.mjs says
// which services each needs). Tests run as ES modules, like the app (Nest 12 ships only ES modules), so Jest
// needs Node's --experimental-vm-modules (test/run.mjs sets it). ts-jest type-checks every file it compiles
// (tsconfig.spec.json): a type error fails the suite.
const base = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  // Source imports name the compiled file (`./x.js`, as Node's ES modules require); Jest reads the .ts beside it.
  moduleNameMapper: {
    '^@/(.*)\\.js$': '<rootDir>/src/$1',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', useESM: true }] },
};

const project = (displayName, testMatch) => ({ ...base, displayName, testMatch: [testMatch] });

/** @type {import('jest').Config} */
export default {
  testTimeout: 120_000,
  projects: [
    project('unit', '<rootDir>/src/**/*.spec.ts'),
    project('e2e', '<rootDir>/test/**/*.e2e-spec.ts'),
    project('services', '<rootDir>/test/**/*.services-spec.ts'),
    project('browser', '<rootDir>/test/browser/**/*.browser-spec.ts'),
    project('faults', '<rootDir>/test/faults/**/*.faults-spec.ts'),
  ],
};
