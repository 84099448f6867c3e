import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/infra/config';
import type { AppDeps } from '../../src/infra/deps';
import { afterAcknowledge, GROUP_REFRESH_GRACE_MS, refreshStaleAckButton } from '../../src/features/acknowledge/acknowledge';

/**
 * What follows an acknowledgement must never be lost to a Redis hiccup: the edits are queued
 * after the user was answered, retried in the background, and re-queued by a later press on a
 * message that still shows ✅. The queues here are stand-ins that record (or refuse) the adds.
 */
const NOW = Date.UTC(2026, 10, 25, 3, 0);

function fakeDeps(failFirst: number) {
  const refreshes: number[][] = [];
  const summaries: number[] = [];
  let failures = failFirst;
  const warnings: string[] = [];
  const logger = pino({ level: 'silent' });
  logger.warn = ((obj: unknown, msg?: string) => void warnings.push(String(msg ?? obj))) as typeof logger.warn;
  const deps = {
    config: parseConfig({ BOT_TOKEN: '123456:test-token' }),
    logger,
    now: () => NOW,
    queues: {
      send: {
        addBulk: async (jobs: Array<{ data: { refreshAssignmentId: number } }>) => {
          if (failures-- > 0) throw new Error('Connection is closed.');
          refreshes.push(jobs.map((j) => j.data.refreshAssignmentId));
          return [];
        },
      },
      summary: { add: async (_name: string, data: { instructionId: number }) => void summaries.push(data.instructionId) },
    },
  } as unknown as AppDeps;
  return { deps, refreshes, summaries, warnings };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('after an acknowledgement', () => {
  it('queues the group message and the summary refresh', async () => {
    const { deps, refreshes, summaries } = fakeDeps(0);
    await afterAcknowledge(deps, 7, 70);
    expect(refreshes).toEqual([[70]]);
    expect(summaries).toEqual([7]);
  });

  it('a refresh Redis refused is logged and queued again in the background, without a sleep in the test', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setImmediate'] });
    const { deps, refreshes, warnings } = fakeDeps(1);
    const done = afterAcknowledge(deps, 8, 80);
    await vi.advanceTimersByTimeAsync(0); // the batched add runs on the next turn and fails
    await done; // never throws: the user has already been thanked
    expect(refreshes).toEqual([]);
    expect(warnings.some((w) => w.includes('retrying'))).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000); // the first retry, 1 s later…
    await vi.runOnlyPendingTimersAsync(); // …whose batched add runs on the next turn
    expect(refreshes).toEqual([[80]]);
  });

  it('a press on a message still offering ✅ long after the acknowledgement queues the lost refresh again', async () => {
    const { deps, refreshes } = fakeDeps(0);
    await refreshStaleAckButton(deps, 90, NOW - GROUP_REFRESH_GRACE_MS - 1, true);
    expect(refreshes).toEqual([[90]]);
    // Recent (its refresh may still be on its way), or a message without the button: nothing.
    await refreshStaleAckButton(deps, 91, NOW - 5_000, true);
    await refreshStaleAckButton(deps, 92, NOW - GROUP_REFRESH_GRACE_MS - 1, false);
    expect(refreshes).toEqual([[90]]);
  });
});
