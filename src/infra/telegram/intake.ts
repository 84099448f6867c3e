/**
 * How many updates long polling takes in at once.
 *
 * Telegram hands out up to 100 updates per getUpdates call. Taken in all at once during a
 * burst (1,000 ✅ presses when an instruction reaches every group), the last one waits for
 * every other one's database work before its button is answered, and the user's spinner
 * keeps turning. So an update holds an intake slot until it is answered — a button press
 * once `answerCallbackQuery` has been called for it, anything else once its handler has
 * finished — and a getUpdates call asks only for as many updates as this process can answer
 * within `budgetMs` of taking them in.
 *
 * The gate measures what it needs. How long one answer takes: for each batch, the longest
 * wait from taking a button press in to answering it, divided by the number of updates that
 * were waiting when it was taken in (this includes whatever else the process did meanwhile,
 * and differs from machine to machine and with load). And the round trip to Telegram: the quickest recent getUpdates call that
 * brought updates. Updates still
 * waiting that will have been answered by the time the next batch arrives count as free, so
 * with a distant Telegram the next call goes out while the previous batch is still being
 * answered and intake keeps up; with a near one (or before anything is measured) it asks
 * only for what is free now.
 *
 * A slot is also given back after `slotMs` whatever the update is doing: by then it is
 * waiting on the network (an upload, a slow Telegram), not on this process, and must not
 * hold back the presses behind it. Intake therefore never stops for longer than `slotMs`.
 */
export interface IntakeOptions {
  /** An update taken in should be answered within this many milliseconds. */
  budgetMs: number;
  /** A slot is given back after this long even if the update has not been answered. */
  slotMs: number;
  /**
   * The share of `budgetMs` the gate spends on the wait it sees (taken in → answer called), given
   * the round trip to Telegram it has measured (0 before any): the rest is for the two ends it
   * cannot see (src/infra/telegram/polling.ts, gateShare). Default: all of it.
   */
  share?: (roundTripMs: number) => number;
}

/** What room() needs of an abort signal (the runner passes a polyfilled one). */
export interface StopSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Telegram's largest getUpdates batch. */
const MAX_BATCH = 100;
/** Time to answer one update assumed until it has been measured. */
const FIRST_GUESS_MS_PER_ANSWER = 1;
/** Round trips remembered: the quickest of them is taken as the round trip to Telegram. */
const RTT_SAMPLES = 8;
/**
 * A getUpdates call that took longer than this did not measure a round trip: it was a long
 * poll that waited for an update to come (the first press after a quiet time). Taken as one,
 * after a quiet time (every sample such a wait) the gate counted the whole first batch of a
 * burst as answered by the time the next one arrived and let a second batch in at once (bench
 * part 4b, the first burst of a fresh process: its first call had waited 9 s).
 */
const MAX_ROUND_TRIP_MS = 1_000;
/** Weights of a new batch's figure in the moving average of the time per answer. */
const RISE = 0.7;
const FALL = 0.2;
const RECOVER = 0.5;
/** Floor of that average: no machine answers an update in less. */
const MIN_MS_PER_ANSWER = 0.05;

/** The updates of one getUpdates call, until every one of them has been released. */
interface Batch {
  toAdmit: number;
  toRelease: number;
  /** Longest wait from being taken in to being answered among its button presses (ms)… */
  worst: number;
  /** …and how many updates were waiting, that one included, when it was taken in. */
  worstPlace: number;
}

export class IntakeGate {
  private waiting = 0;
  private readonly wakers = new Set<() => void>();
  private readonly byCallback = new Map<string, () => void>();
  private readonly rtts: number[] = [];
  private msPerAnswer = FIRST_GUESS_MS_PER_ANSWER;
  private admitting: Batch | null = null;

  constructor(
    private readonly opts: IntakeOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(opts.budgetMs > 0) || !(opts.slotMs > 0)) throw new RangeError('budgetMs and slotMs must be positive');
  }

  /** Updates taken in and not yet answered. */
  get pending(): number {
    return this.waiting;
  }

  /** Updates that can be answered within the budget, 1..100. */
  get capacity(): number {
    // (The small addition keeps a division that should be whole from landing just below it.)
    return Math.max(1, Math.min(MAX_BATCH, Math.floor(this.budget() / this.msPerAnswer + 1e-9)));
  }

  /** The part of the budget for the wait the gate sees, at the round trip measured so far. */
  private budget(): number {
    return this.opts.share ? this.opts.budgetMs * this.opts.share(this.roundTrip()) : this.opts.budgetMs;
  }

  /** The quickest recent getUpdates call that brought updates (0 before any). */
  private roundTrip(): number {
    return this.rtts.length ? Math.min(...this.rtts) : 0;
  }

  /**
   * Resolves, once there is room, with how many updates the next getUpdates may ask for.
   * Resolves with 0 if `signal` is aborted first (the caller is stopping).
   */
  async room(signal?: StopSignal): Promise<number> {
    for (;;) {
      if (signal?.aborted) return 0;
      const free = this.free();
      if (free > 0) return free;
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.wakers.delete(wake);
          signal?.removeEventListener('abort', wake);
          resolve();
        };
        this.wakers.add(wake);
        signal?.addEventListener('abort', wake);
      });
    }
  }

  /**
   * A getUpdates call brought `count` updates in `ms`; they are admitted next. The quickest
   * such calls are taken as the round trip, unless the caller knows the call may have waited
   * for its first update (`roundTrip` false: see RoundTripWitness in ./polling.ts).
   */
  fetched(ms: number, count: number, roundTrip = true): void {
    if (count === 0) return;
    if (roundTrip && ms <= MAX_ROUND_TRIP_MS) {
      this.rtts.push(ms);
      if (this.rtts.length > RTT_SAMPLES) this.rtts.shift();
    }
    this.admitting = { toAdmit: count, toRelease: count, worst: 0, worstPlace: 1 };
  }

  /**
   * Takes in one update. Returns its release; calling it more than once is harmless. A
   * callback query is also released by `answered(id)`, and every update after `slotMs`.
   */
  admit(callbackQueryId?: string): () => void {
    const place = ++this.waiting;
    const admittedAt = this.now();
    const batch = this.admitting ?? { toAdmit: 1, toRelease: 1, worst: 0, worstPlace: 1 };
    if (--batch.toAdmit === 0) this.admitting = null;
    let done = false;
    const release = (answered = false) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (callbackQueryId !== undefined) this.byCallback.delete(callbackQueryId);
      // Only a button's answer is a clean measure: a message's handler ends after its reply's
      // round trip, and a slot given back by the timer was not answered at all.
      const waited = this.now() - admittedAt;
      if (answered && waited >= batch.worst) {
        batch.worst = waited;
        batch.worstPlace = place;
      }
      if (--batch.toRelease === 0 && batch.worst > 0) this.observe(batch.worst, batch.worstPlace);
      this.waiting--;
      for (const wake of [...this.wakers]) wake();
    };
    const timer = setTimeout(release, this.opts.slotMs);
    timer.unref?.();
    if (callbackQueryId !== undefined) this.byCallback.set(callbackQueryId, () => release(true));
    return () => release();
  }

  /** answerCallbackQuery was called for this query: its update no longer holds a slot. */
  answered(callbackQueryId: string): void {
    this.byCallback.get(callbackQueryId)?.();
  }

  /** How many updates the next getUpdates call may ask for now; 0 while less than a quarter of the capacity. */
  private free(): number {
    const capacity = this.capacity;
    const free = capacity - this.stillWaitingAfterRoundTrip();
    return free >= Math.ceil(capacity / 4) ? free : 0;
  }

  /** How many of the updates waiting now will still be waiting when the next batch arrives. */
  private stillWaitingAfterRoundTrip(): number {
    return Math.max(0, this.waiting - Math.floor(this.roundTrip() / this.msPerAnswer));
  }

  /**
   * A batch's slowest press waited `worstMs` behind `place` updates (itself included): one
   * answer took `worstMs / place`. A slower figure is followed at once. A quicker one is
   * followed slowly, or halfway when it is under a quarter of the estimate (what a stall
   * leaves behind: a long command or a pause of the process held one press up), and never
   * beyond a capacity of twice the `place` plus one: a press answered alone in a quiet moment
   * says little about a burst (others' follow-up work, the group edits), yet quick batches
   * still bring the capacity back up a step at a time.
   */
  private observe(worstMs: number, place: number): void {
    const sample = worstMs / place;
    if (sample >= this.msPerAnswer) {
      this.msPerAnswer += RISE * (sample - this.msPerAnswer);
      return;
    }
    const weight = sample < this.msPerAnswer / 4 ? RECOVER : FALL;
    const lowered = this.msPerAnswer + weight * (sample - this.msPerAnswer);
    this.msPerAnswer = Math.min(this.msPerAnswer, Math.max(lowered, this.budget() / (2 * place + 1), MIN_MS_PER_ANSWER));
  }
}
