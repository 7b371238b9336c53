/** Two projects: pure-rule unit specs beside the code, and integration/e2e suites on real PostgreSQL. */
const transform = { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] };
// content-disposition 3 (via @fastify/static, which serves /docs) ships ESM only; Node loads it with
// require(esm), jest's loader does not, so it is transpiled like our own code.
const transformIgnorePatterns = ['/node_modules/(?!content-disposition/|@octokit/webhooks-methods/)'];
// .ts before .mjs: test/support/oauth-server.ts (the helper) sits beside oauth-server.mjs (the
// child-process script it runs), and an extensionless import must resolve to the helper.
const moduleFileExtensions = ['ts', 'js', 'json', 'node', 'mjs', 'cjs'];
// @octokit/webhooks-methods (test dev dependency) is ESM only with no require condition: map it to its file.
const moduleNameMapper = {
  '^@octokit/webhooks-methods$': '<rootDir>/node_modules/@octokit/webhooks-methods/dist-node/index.js',
  // the SDK workspace from its sources, as the typecheck sees it (the built copy is what the CLI runs)
  '^@plugboard/sdk$': '<rootDir>/sdk/src/index.ts',
};

module.exports = {
  testTimeout: 60_000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleFileExtensions,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      slowTestThreshold: 30,
    },
  ],
};
