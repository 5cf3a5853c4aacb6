import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (`main`) and ESM (`module`) copies. Node, and so every dependency
    // (Apollo, graphql-tools, graphql-ws), loads the CommonJS one; Vite would give our sources the
    // ESM one, and a schema from one copy fails graphql's instanceof checks in the other.
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
  },
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
