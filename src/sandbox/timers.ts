import type { Job, Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Queues } from '../infra/queue/queues';
import type { SandboxClock } from './clock';

/**
 * Runs the bot's delayed jobs by the sandbox clock. BullMQ delays jobs in real time (Redis's
 * clock), while the app plans them by `deps.now`, so a clock moved forward leaves jobs waiting
 * in Redis that are already due. This finds them and promotes them (`job.promote()`); the job
 * itself then reads the database and decides, exactly as in production — no product code is
 * changed for the sandbox.
 *
 * A job's due time by the sandbox clock:
 * - the step jobs (reminders, escalations, roll-call and obstacle steps) name their planned
 *   moment in their id (`timer-<assignment>-<chain>-<ms>`, src/infra/queue/queues.ts jobIds);
 *   their delay was computed from `deps.now` when planned at once, or from the real clock when
 *   moved by the dispatcher, so the id is the only time that is right in both cases;
 * - other jobs (summary edits, retries, the digest's cron) are due at `timestamp + delay`: the
 *   dispatcher computes their delay from the real clock towards a moment on the sandbox clock.
 */
const STEP_TIME = /-(\d{13})$/;

export function dueTime(job: Pick<Job, 'id' | 'timestamp' | 'delay' | 'opts'>): number {
  const named = STEP_TIME.exec(job.id ?? '');
  if (named) return Number(named[1]);
  return job.timestamp + (job.delay || job.opts.delay || 0);
}

export class TimerDriver {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private readonly all: Queue[];
  /** The queues whose jobs are "timers" a trainee waits for: reminders, escalations, roll-calls, the digest. */
  private readonly timers: Queue[];

  constructor(
    queues: Queues,
    private readonly clock: SandboxClock,
    private readonly logger: Logger,
    /** Effects committed and not yet moved into Redis (the outbox's rows): work still on its way. */
    private readonly pendingEffects: () => Promise<number> = async () => 0,
  ) {
    this.all = [queues.timers, queues.digest, queues.summary, queues.send, queues.export] as Queue[];
    this.timers = [queues.timers, queues.digest] as Queue[];
  }

  /** Promotes every delayed job due by the sandbox clock; returns how many. */
  async promoteDue(): Promise<number> {
    const now = this.clock.now();
    let promoted = 0;
    for (const queue of this.all) {
      for (const job of await queue.getDelayed(0, -1)) {
        if (dueTime(job) > now) continue;
        try {
          await job.promote();
          promoted++;
        } catch {
          // BullMQ itself moved it meanwhile (its own delay ran out): nothing to do.
        }
      }
    }
    return promoted;
  }

  /** The earliest timer due after now by the sandbox clock, or null when none is waiting. */
  async nextDue(): Promise<number | null> {
    const now = this.clock.now();
    let next: number | null = null;
    for (const queue of this.timers) {
      for (const job of await queue.getDelayed(0, -1)) {
        const due = dueTime(job);
        if (due > now && (next === null || due < next)) next = due;
      }
    }
    return next;
  }

  /**
   * Whether nothing is in flight: no job waiting or running in any queue and no committed effect
   * still to be moved. The queues are read before the outbox, so a job that commits its effects
   * between the two reads is seen by one of them; two quiet reads in a row are asked for, because
   * an effect moved into a queue between them would be seen by neither.
   */
  private async quiet(): Promise<boolean> {
    for (const queue of this.all) {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
      if ((counts.waiting ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0) > 0) return false;
    }
    return (await this.pendingEffects()) === 0;
  }

  /**
   * Waits (at most `limitMs`) until what the last step set going has settled: the reminder it
   * sent, and above all the chain's next step, which the step's transaction commits as an effect
   * and the dispatcher moves into Redis a moment later. A jump that looked for the next timer
   * before that moment would miss it and leap to a later one (days ahead: the follow-up chain).
   */
  async settle(limitMs = 10_000): Promise<void> {
    const until = Date.now() + limitMs;
    let quietReads = 0;
    while (quietReads < 2 && Date.now() < until) {
      quietReads = (await this.quiet()) ? quietReads + 1 : 0;
      if (quietReads < 2) await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** "⏩ ke pengingat berikutnya": lets what is in flight settle, moves the clock to the next timer and fires it. */
  async jump(): Promise<number | null> {
    await this.settle();
    const next = await this.nextDue();
    if (next === null) return null;
    this.clock.advanceTo(next);
    await this.serialised(() => this.promoteDue());
    return next;
  }

  /** Checks for due jobs every `everyMs` (at 600×, a minute of sandbox time is 100 ms). */
  start(everyMs = 250): void {
    const tick = (): void => {
      void this.serialised(() => this.promoteDue())
        .catch((err: unknown) => this.logger.warn({ err }, 'sandbox: could not promote due jobs'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, everyMs);
        });
    };
    this.timer = setTimeout(tick, everyMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running.catch(() => undefined);
  }

  /** One pass at a time: a jump and the periodic pass never promote side by side. */
  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.running.then(fn, fn);
    this.running = next.catch(() => undefined);
    return next;
  }
}
