/**
 * A per-person limit on incoming updates (issue #13, finding 14: 800 commands from 40
 * unregistered accounts doubled an instruction's delivery time). Each Telegram user id has a
 * token bucket holding a minute's worth of updates and refilling at that rate. Over it, the
 * person is answered once (the caller sends a notice) and then ignored until `muteMs` has
 * passed, whatever else they send.
 *
 * Per process, in memory, not in Redis: it costs nothing on the path every update takes
 * (a burst of 1,000 ✅ presses pays no extra Redis round trip), and it keeps working while
 * Redis is away. In long-polling mode exactly one process takes updates, so the limit is
 * exact. In webhook mode with several bot processes, a person's updates may be spread over
 * them, so they get up to that many times the allowance and as many notices; still bounded,
 * and their answers go at the lowest send priority anyway (src/infra/telegram/priority.ts),
 * which is what keeps deliveries on time.
 */

export interface FloodLimits {
  /** Updates a minute (and at once) for a registered, active person; 0: no limit. */
  registeredPerMinute: number;
  /** The same for anyone else (unregistered, deactivated); 0: no limit. */
  guestPerMinute: number;
}

/** How long someone over the limit is ignored after the notice. */
export const MUTE_MS = { registered: 60_000, guest: 5 * 60_000 } as const;

/** pass: handle it; notice: tell them once they are over the limit; drop: ignore it. */
export type FloodVerdict = 'pass' | 'notice' | 'drop';

interface Bucket {
  tokens: number;
  at: number;
  mutedUntil: number;
}

/** Idle buckets are forgotten after this long (by then they are full again, as a new one is). */
const FORGET_AFTER_MS = 10 * 60_000;

export class FloodGuard {
  private readonly buckets = new Map<number, Bucket>();
  private lastSweep = 0;

  constructor(private readonly limits: FloodLimits) {}

  /** One update from `userId` at `now`. */
  take(userId: number, registered: boolean, now: number): FloodVerdict {
    const perMinute = registered ? this.limits.registeredPerMinute : this.limits.guestPerMinute;
    if (perMinute <= 0) return 'pass';
    this.sweep(now);
    let b = this.buckets.get(userId);
    if (!b) this.buckets.set(userId, (b = { tokens: perMinute, at: now, mutedUntil: 0 }));
    if (now < b.mutedUntil) return 'drop';
    b.tokens = Math.min(perMinute, b.tokens + ((now - b.at) * perMinute) / 60_000);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 'pass';
    }
    b.mutedUntil = now + (registered ? MUTE_MS.registered : MUTE_MS.guest);
    return 'notice';
  }

  /** People currently tracked (for tests). */
  get size(): number {
    return this.buckets.size;
  }

  /** Forgets buckets nobody has used for a while, at most once a minute. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [id, b] of this.buckets) if (now - b.at > FORGET_AFTER_MS && now >= b.mutedUntil) this.buckets.delete(id);
  }
}
