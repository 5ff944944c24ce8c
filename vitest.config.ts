import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'policies/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', '.bench/**'],
    // The CI machine has 2 cores; corpus suites read thousands of files.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One temporary directory per run, removed at the end (see the file).
    globalSetup: ['test/global-tmpdir.ts'],
  },
});
