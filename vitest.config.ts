import { defineConfig } from 'vitest/config';

/**
 * Every test runs on SQLite (the fault suite too, as its own project). With TEST_POSTGRES_URL set (as .ci/run does), the tests that
 * touch a database run a second time on PostgreSQL, each in a fresh schema.
 */
// The log scan (test/support/log-scan.ts): each file checks its log lines for secrets and
// message texts, and the run fails on any hit.
const common = {
  testTimeout: 30_000,
  hookTimeout: 30_000,
  globalSetup: ['test/support/log-scan-global.ts'],
  setupFiles: ['test/support/log-scan-setup.ts'],
};
const postgres = process.env.TEST_POSTGRES_URL;

export default defineConfig({
  test: {
    // Two cores. Most of an end-to-end file's time is waiting (rate limits, timers, child
    // processes): with two forked workers the whole run used about half the cores (627 s of
    // wall, 756 s of CPU). Worker threads load the modules of a file with a quarter less CPU
    // than a forked process (the unit files: 39 → 30 s), and a third file at a time fills the
    // waits: 616 s (threads, two) → 520 s (threads, three), measured 2026-12-05 on this machine.
    pool: 'threads',
    maxWorkers: 3,
    projects: [
      { test: { ...common, name: 'sqlite', include: ['test/{unit,e2e}/**/*.test.ts'] } },
      // The fault and abuse suite (`npm run test:faults`): kill points, outages, duplicates,
      // fuzzing, the permission matrix; prints its figures at the end (test/faults/global-setup.ts).
      { test: { ...common, name: 'faults', include: ['test/faults/**/*.test.ts'], globalSetup: [...common.globalSetup, 'test/faults/global-setup.ts'] } },
      // Pages in a real browser (Debian's chromium through playwright-core): the sandbox's chat
      // page and the leaders' dashboard; they write the README's screenshots.
      { test: { ...common, name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
      ...(postgres
        ? [
            {
              test: {
                ...common,
                name: 'postgres',
                include: ['test/e2e/**/*.test.ts', 'test/unit/{import-org,export-files,export-language,recap,recap-agreement,prepared}.test.ts'],
                // SQLite's own locking has no PostgreSQL counterpart; the sandbox always keeps its
                // own SQLite file (src/sandbox/sandbox.ts), so its files would only run twice.
                exclude: ['test/e2e/sqlite-lock.test.ts', 'test/e2e/sandbox.test.ts', 'test/e2e/sandbox-stories.test.ts'],
                env: { TEST_DB: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
