/** Unit specs sit next to the code; database and HTTP suites live under test/. */
export default {
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/projections/**/*.spec.ts',
    '<rootDir>/test/**/*.spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
  ],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  reporters: ['default', '<rootDir>/test/support/skipped-tests.reporter.cjs'],
  testTimeout: 60000,
  // On two cores Jest would run every suite in its main process, one after another, and the heap left
  // by each suite's module graph (a whole Nest app) slows the later ones down (3.6× by the last
  // suite). A limit makes Jest run them in a worker that it replaces once it holds this much.
  workerIdleMemoryLimit: '700MB',
};
