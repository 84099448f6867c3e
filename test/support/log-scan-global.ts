import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { LogScanReport } from './log-scan';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where each test file leaves its log scan report (log-scan-setup.ts). */
    logScanDir: string;
  }
}

/**
 * The log scan's verdict over the whole run (vitest.config.ts, globalSetup; one per project).
 * Every test file leaves a report; at the end any secret or message text found in a log line
 * above debug fails the run, and so does a scan that cannot have looked: no report at all, or a
 * file that started the app and had no line scanned (its logger no longer goes through the
 * scan, or logs nothing).
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'arahan-log-scan-'));
  project.provide('logScanDir', dir);
  return () => {
    const reports = readReports(dir);
    rmSync(dir, { recursive: true, force: true });
    const problems = verdict(reports);
    const scanned = reports.reduce((n, r) => n + r.scanned, 0);
    const files = reports.filter((r) => r.scanned > 0).length;
    if (problems.length === 0) {
      console.log(`Log scan (${project.name}): ${scanned} log lines above debug from ${files} test files checked; no secret or message text in them.`);
      return;
    }
    console.error(`\nLog scan (${project.name}) failed:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    // A teardown that throws does not change Vitest's exit code; this does.
    process.exitCode = 1;
  };
}

function readReports(dir: string): LogScanReport[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as LogScanReport);
}

/** What is wrong with a run's reports; empty if nothing. */
export function verdict(reports: LogScanReport[]): string[] {
  if (reports.length === 0) return ['no test file left a log scan report: test/support/log-scan-setup.ts did not run'];
  const problems: string[] = [];
  for (const r of reports) {
    for (const h of r.hits) problems.push(`${r.file}: ${h.what} in a log line (${h.source}): ${h.line}`);
    if (r.harnesses > 0 && r.scanned === 0) problems.push(`${r.file}: started the app ${r.harnesses} time(s) but no log line above debug was scanned`);
    if (r.children > 0 && r.childLines === 0) problems.push(`${r.file}: ${r.children} child process(es) watched, none of their log lines seen (LOG_LEVEL silent?)`);
  }
  const e2e = reports.filter((r) => r.harnesses > 0);
  if (e2e.length > 0 && e2e.every((r) => r.scanned === 0)) problems.push('end-to-end tests ran and not one log line was scanned');
  return problems;
}
