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
  // A safety net, not a speed check: a busy machine can take a minute to start two stacks.
  testTimeout: 120_000,
  // Suites start real servers and databases; two cores run them best one file at a time each.
  maxWorkers: 2,
  // `npm test` reports line coverage of the services' code (V8's own counters: no instrumenting
  // transform, so the cost is small). CI fails below the threshold, set a little under what the
  // suite reaches so concurrent work does not trip it by a rounding.
  collectCoverage: true,
  coverageProvider: 'v8',
  collectCoverageFrom: [
    'platform/src/**/*.ts',
    'router/src/**/*.ts',
    'subgraphs/*/src/**/*.ts',
    '!**/__generated__/**',
    '!**/migrations/**',
    // Entry points of a process of their own (Docker); the tests start the same code in process.
    '!**/src/main.ts',
  ],
  coverageReporters: ['text-summary', 'json-summary'],
  coverageDirectory: '<rootDir>/coverage',
  // The suite reached 94.3 % of lines (machine PostgreSQL + Redis, November 2026); the run without
  // Redis covers a little less, and other work lands concurrently.
  coverageThreshold: { global: { lines: 90 } },
};

export default config;
