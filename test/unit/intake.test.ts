import { afterEach, describe, expect, it, vi } from 'vitest';
import { IntakeGate } from '../../src/infra/telegram/intake';

/**
 * Long polling takes in only what it can answer within the budget (src/telegram/intake.ts).
 * The clock is the test's: `t` moves only when the test says so.
 */
let t = 0;
const clock = () => t;

function gate(budgetMs = 25, slotMs = 100) {
  return new IntakeGate({ budgetMs, slotMs }, clock);
}

/** Admits a batch of button presses as the runner does after a getUpdates call. */
function takeIn(g: IntakeGate, ids: string[], roundTripMs = 0) {
  g.fetched(roundTripMs, ids.length);
  return ids.map((id) => g.admit(id));
}

/** room() as a value that can be inspected without awaiting it forever. */
function watch(p: Promise<number>) {
  const state: { value: number | null } = { value: null };
  void p.then((v) => (state.value = v));
  return state;
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

afterEach(() => {
  vi.useRealTimers();
  t = 0;
});

describe('IntakeGate', () => {
  it('asks for a budget’s worth of updates, then waits until enough of them are answered', async () => {
    const g = gate(25);
    expect(await g.room()).toBe(25); // 1 ms an answer until measured
    takeIn(g, ids('a', 25));
    const next = watch(g.room());
    await Promise.resolve();
    expect(next.value).toBeNull();
    // Five answers free five places: not yet worth a call (a quarter of 25 is 7).
    for (let i = 0; i < 5; i++) g.answered(`a${i}`);
    await Promise.resolve();
    expect(next.value).toBeNull();
    g.answered('a5');
    g.answered('a6');
    await Promise.resolve();
    await Promise.resolve();
    expect(next.value).toBe(7);
    expect(g.pending).toBe(18);
  });

  it('learns how long an answer takes here and asks for fewer when this machine is slow', async () => {
    const g = gate(25);
    // A batch of 10 whose last press waited 60 ms: 6 ms an answer, so 25 ms holds 4; the
    // estimate moves most of the way there at once.
    takeIn(g, ids('b', 10));
    t += 60;
    for (const id of ids('b', 10)) g.answered(id);
    expect(g.capacity).toBe(5);
    expect(await g.room()).toBe(5);
    // Quick batches of 4 bring it back up, but only about as far as queues that long have shown.
    let before = g.capacity;
    for (let round = 0; round < 20; round++) {
      takeIn(g, ids(`q${round}-`, 4));
      t += 2; // half a millisecond an answer
      for (const id of ids(`q${round}-`, 4)) g.answered(id);
      expect(g.capacity).toBeGreaterThanOrEqual(before);
      before = g.capacity;
    }
    expect(g.capacity).toBeGreaterThan(5);
    expect(g.capacity).toBeLessThanOrEqual(9);
    // Quick full batches raise it further: half a millisecond an answer, about 50 fit in 25 ms.
    for (let round = 0; round < 40; round++) {
      const batch = ids(`f${round}-`, g.capacity);
      takeIn(g, batch);
      t += batch.length / 2;
      for (const id of batch) g.answered(id);
    }
    expect(g.capacity).toBeGreaterThanOrEqual(45);
    expect(g.capacity).toBeLessThanOrEqual(55);
  });

  it('one press held up by a stall (a long command) does not leave intake at one update a call', async () => {
    const g = gate(25);
    // Alone in the queue, a press waited 90 ms behind something else.
    takeIn(g, ['stalled']);
    t += 90;
    g.answered('stalled');
    expect(g.capacity).toBe(1);
    // Quiet presses, one at a time and quick, bring it back to a few…
    for (let i = 0; i < 5; i++) {
      takeIn(g, [`quiet${i}`]);
      t += 1;
      g.answered(`quiet${i}`);
    }
    expect(g.capacity).toBe(3);
    // …and the next burst's batches, each answered in time, back to what the budget allows.
    const queue: string[] = [];
    for (let round = 0; round < 15; round++) {
      const batch = ids(`s${round}-`, await g.room());
      takeIn(g, batch);
      queue.push(...batch);
      while (queue.length) {
        t += 1; // 1 ms an answer
        g.answered(queue.shift()!);
      }
    }
    expect(g.capacity).toBeGreaterThanOrEqual(20);
  });

  it('in a long burst near Telegram, batches taken in on top of waiting presses do not shrink the capacity', async () => {
    const g = gate(25);
    const queue: string[] = [];
    const sizes: number[] = [];
    for (let round = 0; round < 60; round++) {
      const want = await g.room();
      sizes.push(want);
      const batch = ids(`r${round}-`, want);
      takeIn(g, batch);
      queue.push(...batch);
      // Answered one after the other, 1 ms each, until there is room for the next call.
      const next = watch(g.room());
      while (next.value === null) {
        t += 1;
        g.answered(queue.shift()!);
        await Promise.resolve();
        await Promise.resolve();
      }
    }
    // 1 ms an answer: about 25 fit in the budget, and the batches stay a quarter of that or more.
    expect(g.capacity).toBeGreaterThanOrEqual(24);
    expect(g.capacity).toBeLessThanOrEqual(27);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(7);
  });

  it('with a distant Telegram, asks for the next batch while this one is still being answered', async () => {
    const g = gate(25);
    // Measured: 1 ms an answer; a getUpdates round trip of 150 ms.
    takeIn(g, ids('c', 25), 150);
    t += 25;
    for (const id of ids('c', 25)) g.answered(id);
    takeIn(g, ids('d', 25), 150);
    // 25 presses are waiting, but they will have been answered long before the next batch
    // arrives: the call goes out now, for a full batch.
    expect(g.pending).toBe(25);
    expect(g.capacity).toBeGreaterThanOrEqual(25);
    expect(await g.room()).toBe(g.capacity);
  });

  it('near Telegram, only what is free now is asked for', async () => {
    const g = gate(25);
    takeIn(g, ids('e', 20));
    const next = watch(g.room());
    await Promise.resolve();
    expect(next.value).toBeNull(); // 5 free: less than a quarter's worth (7)
    g.answered('e0');
    g.answered('e1');
    await Promise.resolve();
    await Promise.resolve();
    expect(next.value).toBe(7);
  });

  it('a message holds its place until its handler ends; anything unanswered after slotMs lets go', async () => {
    vi.useFakeTimers();
    const g = gate(25, 100);
    g.fetched(1, 2);
    const releaseMessage = g.admit(); // a command
    g.admit('slow'); // a press whose handler never answers (it awaits the network)
    expect(g.pending).toBe(2);
    releaseMessage();
    releaseMessage(); // harmless twice
    expect(g.pending).toBe(1);
    vi.advanceTimersByTime(99);
    expect(g.pending).toBe(1);
    vi.advanceTimersByTime(1);
    expect(g.pending).toBe(0);
    // An answer that comes after its place was given back changes nothing.
    g.answered('slow');
    expect(g.pending).toBe(0);
    // Neither a handler's end nor the timer counts as an answer's time: nothing learned.
    expect(g.capacity).toBe(25);
  });

  it('stopping while waiting for room resolves with 0', async () => {
    const g = gate(25);
    takeIn(g, ids('f', 25));
    const stop = new AbortController();
    const next = g.room(stop.signal);
    stop.abort();
    expect(await next).toBe(0);
  });

  it('refuses a budget or slot time that is not positive', () => {
    expect(() => gate(0)).toThrow(RangeError);
    expect(() => gate(25, 0)).toThrow(RangeError);
  });
});
