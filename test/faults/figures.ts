import { appendFileSync } from 'node:fs';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The file the fault tests append their figures to (one JSON line each); see global-setup.ts. */
    faultFigures: string;
  }
}

/**
 * Adds `value` to a figure of the fault and abuse suite ("kill points tried", "double
 * effects", …). The suite's global teardown sums them and prints the table that the README
 * quotes, so a figure is only ever what a test actually did and checked.
 */
export function figure(name: string, value: number): void {
  appendFileSync(inject('faultFigures'), `${JSON.stringify({ name, value })}\n`);
}
