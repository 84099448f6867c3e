import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SendGate } from '../../src/infra/telegram/gate';
import { answerAtLowPriority, isLowPriorityAnswer } from '../../src/infra/telegram/priority';
import { REDIS_URL, removeRedisKeys } from '../support/harness';

/**
 * Low priority in the send gate (issue #13, finding 14): an answer to someone unregistered or
 * over their limit takes a slot only when no other send waits for the budget, so deliveries
 * queued before it or after it go first; on an idle gate it goes at once.
 */
const redis = new Redis(REDIS_URL);
const prefixes: string[] = [];
let n = 0;

function gate(globalPerSecond: number, groupPerMinute = 1_000_000): SendGate {
  const prefix = `priority-test-${process.pid}-${Date.now()}-${n++}`;
  prefixes.push(prefix);
  return new SendGate(redis, prefix, { globalPerSecond, chatPerSecond: 1_000, groupPerMinute });
}

const at = (p: Promise<unknown>) => p.then(() => performance.now());

beforeAll(async () => {
  await redis.ping();
});
afterEach(async () => {
  for (const p of prefixes.splice(0)) await removeRedisKeys(p);
});
afterAll(() => {
  redis.disconnect();
});

describe('low send priority', () => {
  it('waits until every normal send is served, also those that came after it', async () => {
    const g = gate(20); // a slot every 50 ms
    const first = Array.from({ length: 10 }, () => at(g.acquire(-100500)));
    const low = at(g.acquire(9001, undefined, 'low'));
    // Deliveries keep coming while the answer waits (a broadcast's next jobs).
    await new Promise((r) => setTimeout(r, 200));
    const later = Array.from({ length: 6 }, () => at(g.acquire(-100501)));
    const normal = await Promise.all([...first, ...later]);
    const answered = await low;
    expect(answered).toBeGreaterThanOrEqual(Math.max(...normal));
    // …and is not held much beyond them: the last normal slot plus a poll (and a busy machine's delay).
    expect(answered - Math.max(...normal)).toBeLessThan(1_000);
  });

  it('takes a slot at once on an idle gate', async () => {
    const g = gate(20);
    // (The reservation itself says so: 0 ms to wait, where a busy gate answers "minus how long".)
    expect(await g.reserve(9001, true)).toBe(0);
    expect(await g.reserve(9002, true)).toBeLessThan(0); // the global budget: 50 ms taken by the first
  });

  it("yields to a 429's pause and to a group whose budget others wait for", async () => {
    const g = gate(1_000, 2); // a group takes 2 a minute
    await g.pause(300);
    const started = performance.now();
    await g.acquire(9001, undefined, 'low');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);

    await g.acquire(-100600);
    await g.acquire(-100600); // the group's two are used; the next waits ~30 s
    let answered = false;
    const low = g.acquire(-100600, undefined, 'low').then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 500));
    expect(answered).toBe(false);
    // Only into that group: another chat is answered at once.
    expect(await g.reserve(9002, true)).toBe(0);
    void low.catch(() => undefined);
  });

  it('applies to the sends into the chat being answered, and only there', async () => {
    expect(isLowPriorityAnswer(9001)).toBe(false);
    await answerAtLowPriority(9001, async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(isLowPriorityAnswer(9001)).toBe(true);
      expect(isLowPriorityAnswer(9002)).toBe(false);
      expect(isLowPriorityAnswer(undefined)).toBe(false);
    });
    expect(isLowPriorityAnswer(9001)).toBe(false);
  });
});
