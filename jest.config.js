/** One Jest run over every package; sources are transformed by swc (no type-check: `npm run typecheck` does that). */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/plugins', '<rootDir>/apps/api', '<rootDir>/apps/web/src', '<rootDir>/tools'],
  testMatch: ['**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json', 'node'],
  transform: { '^.+\\.(t|j|mj)sx?$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(typebox|fast-png|iobuffer|fflate|numcodecs)/)'],
  moduleNameMapper: {
    // numcodecs exports only ES modules under `import` conditions: point Jest at the files (swc transforms them).
    '^numcodecs/(.*)$': '<rootDir>/node_modules/numcodecs/dist/$1.js',
    '^@stemflow/plugin-sdk/testing$': '<rootDir>/libs/plugin-sdk/src/testing/index.ts',
    '^@stemflow/plugin-sdk$': '<rootDir>/libs/plugin-sdk/src/index.ts',
    '^@stemflow/engine$': '<rootDir>/libs/engine/src/index.ts',
    '^@stemflow/api$': '<rootDir>/apps/api/src/index.ts',
    '^@stemflow/bench$': '<rootDir>/tools/bench/src/index.ts',
    '^@stemflow/plugin-([a-z0-9-]+)$': '<rootDir>/plugins/$1/src/index.ts',
  },
  testTimeout: 120000,
  globalSetup: '<rootDir>/tools/jest/global-setup.js',
  globalTeardown: '<rootDir>/tools/jest/global-teardown.js',
};
