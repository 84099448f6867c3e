import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Db } from '../db/database';
import { asJob, type QueuedJob } from './effects';
import type { QueueName, Queues } from './queues';

export interface DispatcherOptions {
  /** Rows moved per pass (one SELECT, one addBulk per queue, one DELETE). */
  batch?: number;
  /** How often committed rows are looked for without a nudge (rows another process left). */
  pollMs?: number;
  /**
   * Tests only: never move anything, as a process killed right after each commit would. The
   * rows stay for the next process.
   */
  hold?: boolean;
}

/**
 * The one dispatcher: moves committed effect rows (./effects.ts) into BullMQ in batches and
 * deletes them. Every process runs one. A use case nudges it after its commit (`kick`), so
 * an effect is normally in Redis within a millisecond or two of the commit; the poll finds
 * what a crashed or busy process left. If Redis is away the rows wait and the pass is
 * tried again with a growing pause (at most 5 s), logged once per outage.
 */
export class Dispatcher {
  private readonly batch: number;
  private readonly pollMs: number;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private failures = 0;

  constructor(
    private readonly db: Db,
    private readonly queues: Queues,
    private readonly logger: Logger,
    private readonly options: DispatcherOptions = {},
  ) {
    this.batch = options.batch ?? 1000;
    this.pollMs = options.pollMs ?? 1000;
  }

  /** Starts the poll; nudges before start() are remembered and run by it. */
  start(): void {
    if (this.options.hold) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** A transaction with effects has committed: move them now. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /**
   * Moves what is committed now, and resolves when it is in Redis (or could not be: the rows
   * wait for the next pass, and the failure is logged). For a use case whose next step should
   * follow its jobs, as the issuer's summary follows the deliveries into the send gate.
   */
  async flush(): Promise<void> {
    if (this.options.hold || this.stopped) return;
    while (this.running) await this.running;
    this.run();
    await this.running;
  }

  /** Moves everything committed so far (start-up, tests). Throws if Redis refuses. */
  async drain(): Promise<number> {
    if (this.options.hold) return 0;
    await this.running;
    let moved = 0;
    for (;;) {
      const n = await this.pass();
      moved += n;
      if (n < this.batch) return moved;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Starts a pass now (the caller made sure none is running), then plans the next one. */
  private run(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.schedule(0);
      } else this.schedule(this.failures > 0 ? Math.min(5000, 250 * 2 ** this.failures) : this.pollMs);
    });
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running) this.again = true;
      else this.run();
    }, ms);
    if (ms > 0) this.timer.unref();
  }

  private async loop(): Promise<void> {
    try {
      while (!this.stopped && (await this.pass()) === this.batch);
      if (this.failures > 0) this.logger.info({ after: this.failures }, 'effects are reaching Redis again');
      this.failures = 0;
    } catch (err) {
      if (this.failures === 0) this.logger.warn({ err }, 'could not move committed effects into Redis; they wait in the database and are retried');
      this.failures++;
    }
  }

  /** One batch: read, add to the queues, delete. Returns how many rows it moved. */
  private async pass(): Promise<number> {
    const rows = await this.db.selectFrom('effects').selectAll().orderBy('id').limit(this.batch).execute();
    if (rows.length === 0) return 0;
    const now = Date.now();
    const byQueue = new Map<QueueName, Map<string, QueuedJob>>();
    const replace: Array<{ queue: QueueName; jobId: string }> = [];
    for (const row of rows) {
      const queue = row.queue as QueueName;
      const jobId = row.job_id ?? `effect-${row.id}`;
      let jobs = byQueue.get(queue);
      if (!jobs) byQueue.set(queue, (jobs = new Map()));
      // The same job twice in one batch (a burst of presses on one instruction): once is enough.
      if (jobs.has(jobId)) continue;
      if (row.replace) replace.push({ queue, jobId });
      const effect = {
        queue,
        name: row.name,
        jobId,
        data: JSON.parse(row.data) as Record<string, unknown>,
        ...(row.priority !== null ? { priority: row.priority } : {}),
        ...(row.run_at !== null ? { runAt: row.run_at } : {}),
      };
      jobs.set(jobId, asJob(effect, now));
    }
    for (const { queue, jobId } of replace) await removeFinished(this.queue(queue), jobId);
    await Promise.all([...byQueue].map(([queue, jobs]) => this.queue(queue).addBulk([...jobs.values()] as never)));
    const ids = rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 500)
      await this.db
        .deleteFrom('effects')
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
    return rows.length;
  }

  private queue(name: QueueName): Queue {
    return this.queues[name] as Queue;
  }
}

/** A resend: a job kept as completed or failed under this id would make the add a no-op. */
async function removeFinished(queue: Queue, jobId: string): Promise<void> {
  const state = await queue.getJobState(jobId);
  if (state === 'completed' || state === 'failed') await queue.remove(jobId);
}

/** How many committed effects are still waiting to be moved into Redis (the sandbox waits for none before a jump). */
export async function countPendingEffects(db: Db): Promise<number> {
  const row = await db
    .selectFrom('effects')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
