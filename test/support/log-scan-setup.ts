import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, inject } from 'vitest';
import { logScan } from './log-scan';

/**
 * Runs with every test file (vitest.config.ts, setupFiles). After the file's own afterAll
 * hooks (Vitest runs "after" hooks in reverse order, and this one is registered first), once
 * the children's output has ended: checks the lines left, leaves the file's report for the
 * run's verdict (log-scan-global.ts), and fails the file on a hit, so the leak shows where it
 * happened.
 */
afterAll(async () => {
  await logScan.settled();
  logScan.check();
  const file = expect.getState().testPath ?? 'unknown file';
  const report = logScan.report(file);
  // (No directory: a project without the global setup; the hits still fail this file.)
  const dir = inject('logScanDir');
  if (dir) writeFileSync(join(dir, `${process.pid}-${randomBytes(4).toString('hex')}.json`), JSON.stringify(report));
  if (report.hits.length > 0) {
    throw new Error(`secrets or message texts in log lines above debug:\n${report.hits.map((h) => `  ${h.what} (${h.source}): ${h.line}`).join('\n')}`);
  }
});
