import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueues, type Queues } from '../../src/infra/queue/queues';
import { SandboxClock } from '../../src/sandbox/clock';
import { TimerDriver } from '../../src/sandbox/timers';
import { removeRedisKeys } from '../support/harness';

/**
 * The sandbox's "⏩" (issue #17) must land on the timer the last step planned. A step commits its
 * successor as an effect row, and the dispatcher moves it into Redis a moment later; a press in
 * between used to find only the timers already there and leap past the new one (in the browser
 * test: to the follow-up's reminder two days on, past the escalation it was waiting for).
 */
describe('the sandbox time jump', () => {
  const prefix = `arahan-jump-test-${randomBytes(6).toString('hex')}`;
  let queues: Queues;
  const MINUTE = 60_000;

  beforeAll(() => {
    queues = createQueues({ host: '127.0.0.1', port: 6379 }, prefix);
  });
  afterAll(async () => {
    await queues.close();
    await removeRedisKeys(prefix);
  });

  it('waits for a committed step to reach Redis and jumps to it, not to a later timer already there', async () => {
    const clock = new SandboxClock();
    const t0 = clock.now();
    // Already in Redis: the follow-up's reminder, a day away.
    await queues.timers.add('fu', { assignmentId: 1, chain: 'fu' }, { jobId: `timer-1-fu-${t0 + 24 * 60 * MINUTE}`, delay: 24 * 60 * MINUTE });
    // Committed but not yet moved: the escalation half an hour away, moved on the third look at the outbox.
    let looks = 0;
    const pendingEffects = async (): Promise<number> => {
      looks++;
      if (looks < 3) return 1;
      if (looks === 3) await queues.timers.add('ack', { assignmentId: 1, chain: 'ack' }, { jobId: `timer-1-ack-${t0 + 30 * MINUTE}`, delay: 30 * MINUTE });
      return 0;
    };
    const driver = new TimerDriver(queues, clock, pino({ level: 'silent' }), pendingEffects);
    expect(await driver.jump()).toBe(t0 + 30 * MINUTE);
    expect(clock.now()).toBeGreaterThanOrEqual(t0 + 30 * MINUTE);
    expect(clock.now()).toBeLessThan(t0 + 24 * 60 * MINUTE);
    expect(await queues.timers.getJobCountByTypes('waiting')).toBe(1);
    await driver.stop();
  });
});
