import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Temporal's native runtime misbehaves in worker threads; forked processes are safe.
    pool: 'forks',
    // Two cores here: two test files at a time share the one PostgreSQL and Temporal server.
    maxWorkers: 2,
    globalSetup: ['tests/global-setup.ts'],
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'ui/**', 'data/**', '.tools/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
