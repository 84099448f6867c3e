import { defineConfig } from 'vitest/config';

/**
 * Every test runs on SQLite. With TEST_POSTGRES_URL set (as .ci/run does), the tests that
 * touch a database run a second time on PostgreSQL, each in a fresh schema.
 */
const common = { testTimeout: 30_000, hookTimeout: 30_000 };
const postgres = process.env.TEST_POSTGRES_URL;

export default defineConfig({
  test: {
    // Two cores: end-to-end files each start a bot, a fake Telegram and queues.
    maxWorkers: 2,
    projects: [
      { test: { ...common, name: 'sqlite', include: ['test/**/*.test.ts'] } },
      ...(postgres
        ? [
            {
              test: {
                ...common,
                name: 'postgres',
                include: ['test/e2e/**/*.test.ts', 'test/unit/{import-org,export-files,recap}.test.ts'],
                env: { TEST_DB: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
