import type { JobsOptions } from 'bullmq';
import type { Selectable } from 'kysely';
import type { Db } from '../db/database';
import { prepared } from '../db/prepared';
import type { EffectTable } from '../db/schema';
import { jobIds, QUEUE_NAMES, type QueueName } from './queues';

/** An effect as written to its table. */
type EffectRow = Omit<Selectable<EffectTable>, 'id'>;

/**
 * An effect: a job that a state change causes, written as a row in the same transaction as
 * the change (the transactional outbox) and moved into BullMQ by the dispatcher
 * (./dispatcher.ts) once committed. A crash between the commit and the queue add loses
 * nothing: the row is still there for the next pass, in this process or another.
 *
 * Every job an effect names is idempotent (it reads the database when it runs), because the
 * dispatcher guarantees at least once into Redis, not exactly once: two processes may move
 * the same row in the moment before one deletes it. Deterministic job ids make most such
 * doubles no-ops in Redis; the job's own check makes the rest harmless.
 */
export interface EffectJob {
  queue: QueueName;
  name: string;
  /** null: `effect-<row id>`, a job that runs once per row. */
  jobId: string | null;
  data: Record<string, unknown>;
  /** BullMQ priority: lower first. */
  priority?: number;
  /** Epoch ms before which the job must not run. */
  runAt?: number;
  /** Remove a finished job kept under the same id first (a resend of a failed delivery). */
  replace?: boolean;
}

/** BullMQ priority (lower first): segera before penting before routine messages. */
export function priorityRank(priority: string): number {
  return priority === 'segera' ? 1 : priority === 'penting' ? 2 : 3;
}

/** The effects the features cause, one constructor per kind of job. */
export const effects = {
  /** Send an OPD group its instruction message. */
  deliver: (assignmentId: number, priority: string, opts: { replace?: boolean } = {}): EffectJob => ({
    queue: QUEUE_NAMES.send,
    name: 'deliver',
    jobId: jobIds.delivery(assignmentId),
    data: { assignmentId },
    priority: priorityRank(priority),
    ...(opts.replace ? { replace: true } : {}),
  }),
  /** Send one outbox message (written in the same transaction: see writeMessages). */
  notify: (outboxId: number, priority: number): EffectJob => ({ queue: QUEUE_NAMES.send, name: 'notify', jobId: jobIds.outbox(outboxId), data: { outboxId }, priority }),
  /**
   * Edit the issuer's summary. Every change in one time bucket maps to the same job id,
   * delayed to the bucket's end, so a burst of presses becomes one edit; a change after the
   * job started falls in a later bucket and gets its own edit, so the last state is shown.
   */
  summary: (instructionId: number, now: number, intervalMs: number): EffectJob => {
    const bucket = Math.floor(now / intervalMs);
    return { queue: QUEUE_NAMES.summary, name: 'refresh', jobId: jobIds.summary(instructionId, bucket), data: { instructionId }, runAt: (bucket + 1) * intervalMs };
  },
  /** Re-render an OPD group's instruction message (acknowledged, closed, new due date…). */
  groupRefresh: (assignmentId: number): EffectJob => ({
    queue: QUEUE_NAMES.send,
    name: 'refresh',
    jobId: jobIds.groupRefresh(assignmentId),
    data: { refreshAssignmentId: assignmentId },
    priority: 3,
  }),
  /** A group message refresh with its own job (see jobIds.groupRefresh): shown even if a refresh is running when it is added. */
  groupRefreshFor: (assignmentId: number, cause: string): EffectJob => ({
    queue: QUEUE_NAMES.send,
    name: 'refresh',
    jobId: jobIds.groupRefresh(assignmentId, cause),
    data: { refreshAssignmentId: assignmentId },
    priority: 3,
  }),
  /** Edit one copy of a decision's message (an outbox row, once sent): `text` instead, no buttons. */
  retireCopy: (outboxId: number, text: string): EffectJob => ({
    queue: QUEUE_NAMES.send,
    name: 'retire',
    jobId: jobIds.retireCopy(outboxId),
    data: { retireOutboxId: outboxId, text },
    priority: 3,
  }),
  /** Edit one sent copy of a pending extension request to its amended text, its buttons kept (nothing once decided). */
  amendCopy: (outboxId: number, requestId: number, at: number): EffectJob => ({
    queue: QUEUE_NAMES.send,
    name: 'amend',
    jobId: jobIds.amendCopy(outboxId, at),
    data: { amendOutboxId: outboxId, requestId },
    priority: 3,
  }),
  /** (Re)plan the reminder and escalation timers of these assignments from the database. */
  planTimers: (assignmentIds: number[]): EffectJob => ({ queue: QUEUE_NAMES.timers, name: 'plan', jobId: null, data: { plan: assignmentIds } }),
  /** One timer step (its id names the step, so planning it twice changes nothing). */
  timerStep: (assignmentId: number, chain: 'ack' | 'fu', at: number): EffectJob => ({
    queue: QUEUE_NAMES.timers,
    name: 'timer',
    jobId: jobIds.timer(assignmentId, chain, at),
    data: { assignmentId, chain },
    runAt: at,
  }),
  /** Edit a roll-call's live tally (bucketed like `summary`). */
  rollcallTally: (rollcallId: number, now: number, intervalMs: number): EffectJob => {
    const bucket = Math.floor(now / intervalMs);
    return { queue: QUEUE_NAMES.summary, name: 'apel-tally', jobId: jobIds.rollcallTally(rollcallId, bucket), data: { rollcallId }, runAt: (bucket + 1) * intervalMs };
  },
  /** The next step of a roll-call's chain (deadline, secretariat, close); its id names the step. */
  rollcallStep: (rollcallId: number, at: number): EffectJob => ({
    queue: QUEUE_NAMES.timers,
    name: 'apel-step',
    jobId: jobIds.rollcallStep(rollcallId, at),
    data: { rollcall: rollcallId },
    runAt: at,
  }),
  /** The surprise roll-call planned for `at` (src/features/rollcall/schedule.ts). */
  apelSchedule: (at: number): EffectJob => ({ queue: QUEUE_NAMES.timers, name: 'apel-schedule', jobId: jobIds.apelSchedule(at), data: { apelAt: at }, runAt: at }),
  /** The next step of an obstacle's reminder chain (its id names the step). */
  obstacleStep: (obstacleId: number, at: number): EffectJob => ({
    queue: QUEUE_NAMES.timers,
    name: 'timer',
    jobId: jobIds.obstacleTimer(obstacleId, at),
    data: { obstacleId },
    runAt: at,
  }),
};

/** Options a kind of job always carries, beyond its queue's defaults. */
const JOB_OPTIONS: Record<string, JobsOptions> = {
  // A group message refresh or a plan renders the state when it runs: nothing to keep once done.
  refresh: { removeOnComplete: true },
  plan: { removeOnComplete: true },
};

/** A job as BullMQ's add/addBulk take it. */
export interface QueuedJob {
  name: string;
  data: Record<string, unknown>;
  opts: JobsOptions;
}

/**
 * The BullMQ job of an effect at `now` (its delay counted from then). The dispatcher adds
 * effects this way, and the start-up requeue rebuilds pending work through the same
 * constructors, so a job has one id and one set of options whoever adds it.
 */
export function asJob(e: EffectJob, now: number, rowId?: number): QueuedJob {
  return {
    name: e.name,
    data: e.data,
    opts: {
      ...JOB_OPTIONS[e.name],
      jobId: e.jobId ?? `effect-${rowId}`,
      ...(e.priority !== undefined ? { priority: e.priority } : {}),
      ...(e.runAt !== undefined && e.runAt > now ? { delay: e.runAt - now } : {}),
    },
  };
}

/** Rows per INSERT: 9 columns each stays far below SQLite's and PostgreSQL's parameter limits. */
const INSERT_CHUNK = 500;

/** Up to this many effects are written one prepared INSERT each; more, in multi-row INSERTs. */
const ONE_BY_ONE = 4;

/** One effect (a ✅ press causes two): prepared, src/infra/db/prepared.ts says why. */
const insertEffect = prepared((db, v: EffectRow) =>
  db.insertInto('effects').values({
    queue: v.queue,
    name: v.name,
    job_id: v.job_id,
    data: v.data,
    priority: v.priority,
    run_at: v.run_at,
    replace: v.replace,
    created_at: v.created_at,
  }),
);

/** Writes effects inside the caller's transaction. */
export async function insertEffects(trx: Db, jobs: EffectJob[], now: number): Promise<void> {
  if (jobs.length <= ONE_BY_ONE) {
    for (const j of jobs) await insertEffect(trx, effectRow(j, now));
    return;
  }
  for (let i = 0; i < jobs.length; i += INSERT_CHUNK) {
    await trx
      .insertInto('effects')
      .values(jobs.slice(i, i + INSERT_CHUNK).map((j) => effectRow(j, now)))
      .execute();
  }
}

function effectRow(j: EffectJob, now: number): EffectRow {
  return {
    queue: j.queue,
    name: j.name,
    job_id: j.jobId,
    data: JSON.stringify(j.data),
    priority: j.priority ?? null,
    run_at: j.runAt ?? null,
    replace: j.replace ? 1 : 0,
    created_at: now,
  };
}

/** What a use case's transaction sees: the transaction, its clock, and where effects go. */
export interface Unit {
  trx: Db;
  now: number;
  /** Causes these jobs once the transaction commits (written with it). */
  effect(...jobs: EffectJob[]): void;
}

export interface UnitDeps {
  db: Db;
  now: () => number;
  /** Nudges this process's dispatcher after a commit (a lost nudge costs one poll interval). */
  dispatcher: { kick(): void; flush(): Promise<void> };
}

/**
 * Runs `work` in one transaction and writes the effects it caused in the same transaction;
 * after the commit, nudges the dispatcher. The one way state changes and their effects are
 * written together.
 */
export async function inTransaction<T>(deps: UnitDeps, work: (u: Unit) => Promise<T>, now = deps.now()): Promise<T> {
  let caused = 0;
  const result = await deps.db.transaction().execute(async (trx) => {
    const jobs: EffectJob[] = [];
    const value = await work({ trx, now, effect: (...j) => void jobs.push(...j) });
    await insertEffects(trx, jobs, now);
    caused = jobs.length;
    return value;
  });
  if (caused > 0) deps.dispatcher.kick();
  return result;
}
