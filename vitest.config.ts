import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // End-to-end files each start their own bot, fake Telegram and queues;
    // two cores: keep file parallelism modest.
    maxWorkers: 2,
  },
});
