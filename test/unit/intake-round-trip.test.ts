import { describe, expect, it } from 'vitest';
import { IntakeGate } from '../../src/infra/telegram/intake';
import { gateShare, RoundTripWitness } from '../../src/infra/telegram/polling';

/**
 * The round trip the intake gate learns (src/infra/telegram/intake.ts): a getUpdates call that
 * waited for the first press after a quiet time is not a round trip to Telegram, so the first
 * batch of a burst is not counted as answered before the next one arrives (issue #14).
 */
const clock = () => 0;

/** What room() has resolved with once pending microtasks have run ('waiting': nothing yet). */
async function roomNow(g: IntakeGate): Promise<number | 'waiting'> {
  let value: number | 'waiting' = 'waiting';
  void g.room().then((v) => (value = v));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return value;
}

describe('IntakeGate round trip', () => {
  it('does not take a long poll that waited for the first press as the round trip', async () => {
    const g = new IntakeGate({ budgetMs: 12, slotMs: 10_000 }, clock);
    // The first call of the burst waited 9 s for a press, and brought a full batch.
    g.fetched(9_000, 12);
    for (let i = 0; i < 12; i++) g.admit(`a${i}`);
    // Nothing answered yet: no room for another batch.
    expect(await roomNow(g)).toBe('waiting');
  });

  it('does not take a long poll that came back within a second at a burst’s start as the round trip either', async () => {
    const g = new IntakeGate({ budgetMs: 12, slotMs: 10_000 }, clock);
    // The long poll started 150 ms before the first press; the polling loop says it may have waited.
    g.fetched(150, 12, false);
    for (let i = 0; i < 12; i++) g.admit(`w${i}`);
    expect(await roomNow(g)).toBe('waiting');
  });

  it('still counts the updates a real round trip will see answered', async () => {
    const g = new IntakeGate({ budgetMs: 12, slotMs: 10_000 }, clock);
    // A 150 ms round trip at 1 ms an answer: the 12 taken in are answered before the next batch comes.
    g.fetched(150, 12);
    for (let i = 0; i < 12; i++) g.admit(`b${i}`);
    expect(await roomNow(g)).toBe(12);
  });

  it('takes smaller batches with Telegram near and half the budget from a 20 ms round trip on', () => {
    // 25 ms budget, 1 ms an answer (the first guess): a fifth near, half far, in between between.
    const near = new IntakeGate({ budgetMs: 25, slotMs: 10_000, share: gateShare }, clock);
    expect(near.capacity).toBe(5);
    near.fetched(2, 1);
    near.admit('n1')();
    expect(near.capacity).toBe(5);

    const far = new IntakeGate({ budgetMs: 25, slotMs: 10_000, share: gateShare }, clock);
    far.fetched(150, 1);
    far.admit('f1')();
    expect(far.capacity).toBe(12);

    const between = new IntakeGate({ budgetMs: 25, slotMs: 10_000, share: gateShare }, clock);
    between.fetched(10, 1);
    between.admit('b1')();
    expect(between.capacity).toBe(8);
  });
});

describe('RoundTripWitness', () => {
  it('takes a call as a round trip only when updates were surely waiting at Telegram', () => {
    const w = new RoundTripWitness();
    // A burst's first long poll waited for its first press, whatever it brought.
    expect(w.saw(5, true, 5)).toBe(false);
    // It came back full: the rest of the burst was queued, the next call returned at once.
    expect(w.saw(12, true, 12)).toBe(true);
    // That one came back full as well; the next one is a round trip, and brings the last few.
    expect(w.saw(12, true, 3)).toBe(true);
    // After a batch that was not full, a long poll may have waited again.
    expect(w.saw(12, true, 1)).toBe(false);
    // Without a long poll (updates left unclaimed), a call never waits.
    expect(w.saw(12, false, 1)).toBe(true);
  });
});
