import { Queue, type ConnectionOptions } from 'bullmq';
import type { QueuedJob } from './effects';

/** One queue carries every message the bot sends in bulk, so one priority order applies. */
export type SendJob =
  | { assignmentId: number }
  | { outboxId: number }
  | { refreshAssignmentId: number }
  /** Replace a sent message's decision buttons by who decided what and when (`text`, HTML). */
  | { retireOutboxId: number; text: string }
  /** Show a pending extension request's amended date on a decider's sent copy, its buttons kept (src/features/extend). */
  | { amendOutboxId: number; requestId: number };
/** Edit an instruction's summary, or a roll-call's live tally (src/features/rollcall). */
export type SummaryJob = { instructionId: number } | { rollcallId: number };
/** A step of one assignment's reminder chain, or (re)planning the steps of several. */
// Roll-calls (src/features/rollcall): a step of one roll-call's chain, or the surprise roll-call planned for `apelAt`.
export type TimerJob = { assignmentId: number; chain: 'ack' | 'fu' } | { plan: number[] } | { obstacleId: number } | { rollcall: number } | { apelAt: number };

/** /ekspor: build the period's files and send them to the chat that asked. */
export interface ExportJob {
  chatId: number;
  /** Telegram id of the person who asked. */
  requesterId: number;
  /** Their language, for the messages around the files and the words in them. */
  lang: string;
  from: number;
  to: number;
  label: string;
  /** When it was asked: "now" for the "terlambat sekarang" column. */
  requestedAt: number;
}

export const QUEUE_NAMES = { send: 'send', summary: 'summary', timers: 'timers', digest: 'digest', export: 'export' } as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export interface Queues {
  /** Instruction deliveries (job name `deliver`) and outbox messages (`notify`). */
  send: Queue<SendJob>;
  summary: Queue<SummaryJob>;
  timers: Queue<TimerJob>;
  digest: Queue<Record<string, never>>;
  /** /ekspor builds (job name `export`), one at a time per worker process. */
  export: Queue<ExportJob>;
  prefix: string;
  connection: ConnectionOptions;
  close(): Promise<void>;
}

export function createQueues(connection: ConnectionOptions, prefix: string): Queues {
  const opts = { connection, prefix };
  const send = new Queue<SendJob>(QUEUE_NAMES.send, {
    ...opts,
    defaultJobOptions: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 5000 },
    },
  });
  const summary = new Queue<SummaryJob>(QUEUE_NAMES.summary, {
    ...opts,
    defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: { count: 1000 } },
  });
  const timers = new Queue<TimerJob>(QUEUE_NAMES.timers, {
    ...opts,
    defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: { count: 5000 } },
  });
  const digest = new Queue<Record<string, never>>(QUEUE_NAMES.digest, {
    ...opts,
    defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
  });
  // A finished export leaves nothing behind, so the same period can be asked for again at
  // once; a failed one is kept for inspection until it is asked for again (see
  // src/services/export-job.ts). Retries cover a network or Telegram hiccup.
  const exportQueue = new Queue<ExportJob>(QUEUE_NAMES.export, {
    ...opts,
    defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 }, removeOnComplete: true, removeOnFail: { count: 100 } },
  });
  return {
    send,
    summary,
    timers,
    digest,
    export: exportQueue,
    prefix,
    connection,
    async close() {
      await Promise.all([send.close(), summary.close(), timers.close(), digest.close(), exportQueue.close()]);
    },
  };
}

/** Job ids are deterministic per purpose so that adding twice never doubles work. */
export const jobIds = {
  delivery: (assignmentId: number) => `deliver-${assignmentId}`,
  summary: (instructionId: number, bucket: number) => `summary-${instructionId}-${bucket}`,
  outbox: (outboxId: number) => `outbox-${outboxId}`,
  /**
   * One waiting refresh per group message is enough: it renders the state at the time it runs.
   * A change that must show even if a refresh is running at that moment (it may have rendered
   * already, and adding the same id again would be a no-op) names its cause: its own job.
   */
  groupRefresh: (assignmentId: number, cause?: string) => (cause === undefined ? `refresh-${assignmentId}` : `refresh-${assignmentId}-${cause}`),
  /** A decision's copy (an outbox message with its buttons) edited once the decision is taken. */
  retireCopy: (outboxId: number) => `retire-${outboxId}`,
  /** A pending request's copy edited to its amended text (one job per amendment, named by its time). */
  amendCopy: (outboxId: number, at: number) => `amend-${outboxId}-${at}`,
  timer: (assignmentId: number, chain: string, at: number) => `timer-${assignmentId}-${chain}-${at}`,
  /** A roll-call's live tally, one edit per time bucket (like an instruction's summary). */
  rollcallTally: (rollcallId: number, bucket: number) => `apel-tally-${rollcallId}-${bucket}`,
  /** One step of a roll-call's chain (the id names the step's time). */
  rollcallStep: (rollcallId: number, at: number) => `apel-step-${rollcallId}-${at}`,
  /** The surprise roll-call planned for a moment. */
  apelSchedule: (at: number) => `apel-schedule-${at}`,
  /** One step of an obstacle's reminder chain (src/features/obstacle). */
  obstacleTimer: (obstacleId: number, at: number) => `obstacle-${obstacleId}-${at}`,
  /** One export per chat, requester and period (its first and last day, as in the file names). */
  export: (chatId: number, requesterId: number, firstDay: string, lastDay: string) => `export-${chatId}-${requesterId}-${firstDay}_${lastDay}`,
};

/**
 * Queues jobs again for work the database says is still to do (on start). Job ids are
 * deterministic, so a job still waiting, delayed or running is not doubled. But a finished
 * job kept in Redis under the same id would make the add a no-op: one that BullMQ failed
 * because it stalled too often (its worker died twice while holding it — BullMQ then emits
 * no 'failed' event), or one that completed while its result never reached the database.
 * The database is the truth: such a job is removed and added again. The finished jobs Redis
 * keeps are bounded by the queues' retention, so they are listed once rather than every job
 * being looked up. Returns how many were replaced.
 */
export async function requeue(queue: Queue<SendJob> | Queue<TimerJob>, jobs: QueuedJob[]): Promise<number> {
  if (jobs.length === 0) return 0;
  const kept = new Set(await queue.getRanges(['failed', 'completed'], 0, -1));
  const finished = jobs.map((j) => j.opts?.jobId).filter((id): id is string => id !== undefined && kept.has(id));
  await Promise.all(finished.map((id) => queue.remove(id)));
  for (let i = 0; i < jobs.length; i += REQUEUE_CHUNK) await (queue as Queue).addBulk(jobs.slice(i, i + REQUEUE_CHUNK));
  return finished.length;
}

/** Adds jobs built by asJob (./effects.ts) to any of the queues. */
export async function addJobs(queue: Queue<SendJob> | Queue<TimerJob>, jobs: QueuedJob[]): Promise<void> {
  if (jobs.length > 0) await (queue as Queue).addBulk(jobs);
}

/** Jobs per addBulk when re-queuing at start (one Redis pipeline each). */
const REQUEUE_CHUNK = 1000;
