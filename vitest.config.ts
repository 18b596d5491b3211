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
    // expect.poll waits 1 s by default: on this loaded two-core machine a workflow's answer can take
    // longer to reach a page or a row. A poll that will never succeed still fails, later.
    expect: { poll: { timeout: 15_000 } },
  },
});
