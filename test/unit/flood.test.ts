import { describe, expect, it } from 'vitest';
import { FloodGuard, MUTE_MS } from '../../src/infra/telegram/flood';

/** The per-person limit on incoming updates (issue #13, finding 14). */
describe('FloodGuard', () => {
  const limits = { registeredPerMinute: 60, guestPerMinute: 5 };

  it('lets a guest send a few, tells them once, ignores them for a while, then lets them again', () => {
    const g = new FloodGuard(limits);
    const verdicts = Array.from({ length: 50 }, (_, i) => g.take(9001, false, 1_000 + i * 10));
    expect(verdicts.filter((v) => v === 'pass')).toHaveLength(5);
    expect(verdicts.filter((v) => v === 'notice')).toHaveLength(1);
    expect(verdicts[5]).toBe('notice');
    expect(verdicts.slice(6).every((v) => v === 'drop')).toBe(true);
    // Silent until the mute ends, however long they keep at it…
    expect(g.take(9001, false, 1_050 + MUTE_MS.guest - 1_000)).toBe('drop');
    // …then the bucket has refilled.
    expect(g.take(9001, false, 1_050 + MUTE_MS.guest)).toBe('pass');
  });

  it('never stops a registered person at a human pace, nor a burst of a minute’s worth', () => {
    const g = new FloodGuard(limits);
    // A media group of ten, the guided flow's steps, forty commands in quick succession…
    const burst = Array.from({ length: 60 }, (_, i) => g.take(2001, true, i));
    expect(burst.every((v) => v === 'pass')).toBe(true);
    // …and one a second for ten minutes after a pause.
    const steady = Array.from({ length: 600 }, (_, i) => g.take(2001, true, 60_000 + i * 1_000));
    expect(steady.every((v) => v === 'pass')).toBe(true);
  });

  it('counts each person apart, and 0 turns a limit off', () => {
    const g = new FloodGuard(limits);
    for (let i = 0; i < 6; i++) g.take(9001, false, 0);
    expect(g.take(9001, false, 1)).toBe('drop');
    expect(g.take(9002, false, 1)).toBe('pass');
    const off = new FloodGuard({ registeredPerMinute: 0, guestPerMinute: 0 });
    expect(Array.from({ length: 1_000 }, () => off.take(9001, false, 0)).every((v) => v === 'pass')).toBe(true);
  });

  it('forgets people it has not heard from for a while', () => {
    const g = new FloodGuard(limits);
    for (let id = 1; id <= 100; id++) g.take(id, false, 0);
    expect(g.size).toBe(100);
    g.take(7, false, 11 * 60_000);
    expect(g.size).toBe(1);
  });
});
