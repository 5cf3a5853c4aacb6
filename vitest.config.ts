import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'connectors/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: database tests create their own databases, so files may run in parallel,
    // but more than two forks only thrash.
    pool: 'forks',
    maxWorkers: 2,
    // Logs go to stderr as JSON; tests read results, not logs.
    env: { LOG_LEVEL: 'silent' },
  },
});
