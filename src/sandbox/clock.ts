/**
 * The sandbox's clock: real time, shifted by jumps and sped up by a factor. The app reads it
 * as `deps.now` (AppOptions.now), so the reminder policy, deadlines and the digest's week all
 * run on it; BullMQ's delays stay in real time, which is why src/sandbox/timers.ts promotes
 * the jobs that are due by this clock.
 */
export const SPEEDS = [1, 60, 600] as const;
export type Speed = (typeof SPEEDS)[number];

export class SandboxClock {
  /** Sandbox time at `realBase`. */
  private base: number;
  private realBase: number;
  private factor: Speed = 1;

  constructor(private readonly real: () => number = Date.now) {
    this.base = real();
    this.realBase = this.base;
  }

  readonly now = (): number => this.base + (this.real() - this.realBase) * this.factor;

  get speed(): Speed {
    return this.factor;
  }

  /** Changes the speed from now on (the time shown does not jump). */
  setSpeed(speed: Speed): void {
    this.rebase(this.now());
    this.factor = speed;
  }

  /** Moves the clock forward to `at` (never backward: the bot's records must not see time run back). */
  advanceTo(at: number): void {
    if (at > this.now()) this.rebase(at);
  }

  private rebase(at: number): void {
    this.base = at;
    this.realBase = this.real();
  }
}
