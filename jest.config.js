/**
 * Jest: TypeScript tests through ts-jest, one process (--runInBand in package.json).
 * test/package/ (prebuilt binary, npm pack, install without a compiler) runs only through
 * `npm run test:package`, which first builds the prebuild with node-gyp (several minutes).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: process.env.AOTC_PACKAGE_TESTS ? ['/node_modules/'] : ['/node_modules/', '/test/package/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/test/helpers/cleanup.ts'],
  testTimeout: 300000,
};
