import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * The fault and abuse suite's figures: each test appends what it tried and what it found
 * (figures.ts); at the end the sums are printed as one table, in the order the README lists
 * them.
 */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'arahan-faults-'));
  const file = join(dir, 'figures.jsonl');
  project.provide('faultFigures', file);
  return () => {
    const sums = new Map<string, number>();
    if (existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line) continue;
        const { name, value } = JSON.parse(line) as { name: string; value: number };
        sums.set(name, (sums.get(name) ?? 0) + value);
      }
    }
    rmSync(dir, { recursive: true, force: true });
    if (sums.size === 0) return;
    const width = Math.max(...[...sums.keys()].map((k) => k.length));
    const lines = [...sums].map(([name, value]) => `  ${name.padEnd(width)}  ${value}`);
    process.stdout.write(`\nFault and abuse suite — figures\n${lines.join('\n')}\n\n`);
  };
}
