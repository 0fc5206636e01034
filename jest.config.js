/**
 * One jest run over every workspace. TypeScript is transformed by SWC to ESM (no type check
 * here: `npm run typecheck` does that), and workspace packages resolve to their sources.
 */
/** @type {import('jest').Config} */
const config = {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['marquee-source', 'node', 'node-addons'] },
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' },
      },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/**/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  testTimeout: 60_000,
  // Suites start real servers and databases; two cores run them best one file at a time each.
  maxWorkers: 2,
};

export default config;
