import { createConcurrentSink, createRunner, createSource, type RunnerHandle } from '@grammyjs/runner';
import type { Bot, BotError } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { BotContext } from './context';
import { IntakeGate, type IntakeOptions } from './intake';

/** Updates handled at once at most, answered or not (grammY runner's default). */
const MAX_IN_FLIGHT = 500;

/** Telegram's largest getUpdates batch. */
const MAX_BATCH = 100;
/**
 * While fetched updates wait to be claimed (queued behind the same chat's earlier update),
 * getUpdates returns them again at once: wait this long, or until one is claimed, before
 * asking again, so a slow handler does not turn intake into a busy loop.
 */
const UNCLAIMED_PAUSE_MS = 100;
const MAX_BACKOFF_MS = 30_000;
/**
 * The share of `ANSWER_BUDGET_MS` the intake gate spends on the wait it measures (an update
 * taken in → answerCallbackQuery called). The budget is meant from the moment Telegram hands
 * out the update to the answer reaching it (issue #14: p99 ≤ 30 ms); the gate cannot see the
 * two ends (getUpdates answered → handler, answer called → at Telegram).
 *
 * With Telegram near, those ends are this process's own work — parsing the batch, writing
 * the answers' requests behind everything else the event loop holds — and grow with the batch
 * like the part the gate sees. Measured in bench part 4b (1,000 presses half-way through a
 * 500-group broadcast, the fake in its own process, 2026-12-05, a machine on which the bot
 * spent 1.1–1.9 ms of CPU a press against 0.6–0.7 the day before): with half the budget
 * (12.5 ms) fetched → answered p99 was 29–63 ms over 8 runs (median 48; event-loop delay p99
 * 24–38 ms), the ends together as long as the part seen; with a fifth (5 ms) 14–39 ms over 12
 * (median 25: workers in the bot process 14–32, in their own 17–39, where the bot shares two
 * cores with a worker and the fake), and part 4 (after the broadcast) 11–19 ms where half gave
 * 21. The cost: smaller batches, more getUpdates calls — part 4's 1,000-press burst drained at
 * 430–695 presses/s over four runs, against 696 in the one run with half (its 500 group edits
 * take 17 s at Telegram's 30 a second either way).
 *
 * With Telegram far, the ends are mostly the network, which pipelining covers (the gate asks
 * again while a batch is being answered), and a small share starves intake: at a 150 ms round
 * trip (BENCH_ACK_RTT_MS=150) a fifth took in 9.7 presses/s, half 61/s on the same machine. So
 * the share rises with the round trip the gate has measured, from a fifth when near to half
 * from FAR_ROUND_TRIP_MS on. (The round trip to the real Telegram was not measured from here.)
 */
const NEAR_SHARE = 0.2;
const FAR_SHARE = 0.5;
const FAR_ROUND_TRIP_MS = 20;

export function gateShare(roundTripMs: number): number {
  return NEAR_SHARE + (FAR_SHARE - NEAR_SHARE) * Math.min(1, Math.max(0, roundTripMs) / FAR_ROUND_TRIP_MS);
}

/**
 * Whether a getUpdates call's time was a round trip to Telegram, for the intake gate.
 *
 * A long poll returns when the first update arrives: its time is that wait, up to 30 s. The
 * gate ignored calls longer than a second, but one that started shortly before a burst came
 * back within it and was taken as the round trip: at the start of bench part 4b the gate then
 * took Telegram for far away (half the budget, the first batch counted as answered before the
 * next arrived) and asked for 12 presses while the first 5, on code not yet optimised by V8,
 * were still being handled. In one run those two batches held the 13 slowest of the 1,000
 * presses (29–35 ms; p99 29 ms). A call that found updates waiting returns at once: one made
 * without a long poll (updates were left unclaimed), or right after a call that came back
 * full (the burst was still queued at Telegram). With this, the burst's first long poll
 * (~460 ms in the next run) is not a sample, and its first batches are of 2–5 presses.
 */
export class RoundTripWitness {
  private lastFull = false;

  /** A call asked for `limit` updates, with a long poll or not, and brought `count`: was its time a round trip? */
  saw(limit: number, longPoll: boolean, count: number): boolean {
    const roundTrip = !longPoll || this.lastFull;
    this.lastFull = count >= limit;
    return roundTrip;
  }
}

/**
 * The updates taken in by long polling and not yet claimed in the database (see
 * installHandlers in src/bot.ts). Their offset is not confirmed to Telegram until they are
 * claimed, so a process killed while they wait — behind an earlier update of the same chat,
 * say — leaves them to the next process, exactly as Telegram redelivers a webhook update that
 * was never answered. Polling and webhook mode then lose the same updates under a kill: only
 * those claimed and not yet finished (at most once, src/infra/db/updates.ts).
 */
export class UnclaimedUpdates {
  private readonly waiting = new Set<number>();
  private wake: (() => void) | null = null;
  /** The update id after the highest one taken in. */
  next = 0;

  add(updateId: number): void {
    this.waiting.add(updateId);
    this.next = Math.max(this.next, updateId + 1);
  }

  /** Called once an update is claimed (or its handling ended, whatever happened). */
  claimed(updateId: number): void {
    if (!this.waiting.delete(updateId)) return;
    this.wake?.();
  }

  get size(): number {
    return this.waiting.size;
  }

  /** The offset to confirm: nothing at or above the oldest update still unclaimed. */
  offset(): number {
    let lowest = this.next;
    for (const id of this.waiting) if (id < lowest) lowest = id;
    return lowest;
  }

  /** Resolves when an update is claimed, or after `ms`. */
  settled(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self.wake === done) self.wake = null;
        resolve();
      }
      this.wake = done;
    });
  }
}

/**
 * Long polling with grammY's runner (concurrent handling), whose intake is paced by an
 * `IntakeGate`: a getUpdates call asks only for as many updates as can be answered promptly
 * (see src/telegram/intake.ts). Offsets are confirmed only for claimed updates
 * (`UnclaimedUpdates`). Updates are handled concurrently as with `run(bot)`.
 */
export function startPolling(
  bot: Bot<BotContext>,
  intake: IntakeOptions,
  allowedUpdates: ReadonlyArray<Exclude<keyof Update, 'update_id'>>,
  logger: Logger,
  unclaimed: UnclaimedUpdates = new UnclaimedUpdates(),
): RunnerHandle {
  const gate = new IntakeGate({ ...intake, share: gateShare });
  bot.api.config.use((prev, method, payload, signal) => {
    if (method === 'answerCallbackQuery') gate.answered((payload as { callback_query_id: string }).callback_query_id);
    return prev(method, payload, signal);
  });
  let backoff = 0;
  type Signal = Parameters<typeof bot.api.getUpdates>[1];
  const witness = new RoundTripWitness();
  /**
   * The updates of one getUpdates call, how long the call itself took (the pause before it not
   * counted), and whether that time was a round trip (RoundTripWitness).
   */
  const fetchUpdates = async (limit: number, signal: Signal): Promise<{ updates: Update[]; ms: number; roundTrip: boolean }> => {
    if (unclaimed.size > 0) await unclaimed.settled(UNCLAIMED_PAUSE_MS);
    if (signal?.aborted) return { updates: [], ms: 0, roundTrip: false };
    const waiting = unclaimed.size;
    // Updates are waiting at Telegram while some are unclaimed: no long poll then.
    const longPoll = waiting === 0;
    const asked = Math.min(MAX_BATCH, limit + waiting);
    const started = performance.now();
    try {
      const updates = await bot.api.getUpdates({ offset: unclaimed.offset(), limit: asked, timeout: longPoll ? 30 : 0, allowed_updates: allowedUpdates }, signal);
      const ms = performance.now() - started;
      if (backoff > 0) logger.info('Telegram reachable again: taking updates');
      backoff = 0;
      const fresh = updates.filter((u) => u.update_id >= unclaimed.next);
      for (const u of fresh) unclaimed.add(u.update_id);
      return { updates: fresh, ms, roundTrip: witness.saw(asked, longPoll, updates.length) };
    } catch (err) {
      if (signal?.aborted) return { updates: [], ms: 0, roundTrip: false };
      backoff = Math.min(MAX_BACKOFF_MS, backoff === 0 ? 1_000 : backoff * 2);
      logger.warn({ err, retryInMs: backoff }, 'could not take updates from Telegram; retrying');
      await new Promise((r) => setTimeout(r, backoff));
      return { updates: [], ms: 0, roundTrip: false };
    }
  };
  const source = createSource<Update>({
    async supply(pace, signal) {
      const room = await gate.room(signal);
      // The round trip is the getUpdates call alone, not the pause for unclaimed updates before
      // it (up to UNCLAIMED_PAUSE_MS while one person's presses wait for each other, as in bench
      // part 4b): counted in, it would make the gate take updates as answered by the time the
      // next batch arrives that are not.
      const { updates, ms, roundTrip } = await fetchUpdates(Math.max(1, Math.min(pace, room)), signal as Signal);
      gate.fetched(ms, updates.length, roundTrip);
      return updates;
    },
  });
  const sink = createConcurrentSink<Update, BotError<BotContext>>(
    {
      async consume(update) {
        const release = gate.admit(update.callback_query?.id);
        try {
          await bot.handleUpdate(update);
        } finally {
          // Claimed by now, or its handling ended before the claim: never hold the offset back.
          unclaimed.claimed(update.update_id);
          release();
        }
      },
    },
    async (error) => {
      try {
        await bot.errorHandler(error);
      } catch (err) {
        logger.error({ err }, 'the error handler failed');
      }
    },
    { concurrency: MAX_IN_FLIGHT },
  );
  const runner = createRunner(source, sink);
  runner.start();
  return runner;
}
