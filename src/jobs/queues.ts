import { Queue, type ConnectionOptions } from 'bullmq';

/** One queue carries every message the bot sends in bulk, so one priority order applies. */
export type SendJob = { assignmentId: number } | { outboxId: number } | { refreshAssignmentId: number };
export interface SummaryJob {
  instructionId: number;
}
export interface TimerJob {
  assignmentId: number;
  chain: 'ack' | 'fu';
}

export const QUEUE_NAMES = { send: 'send', summary: 'summary', timers: 'timers', digest: 'digest' } as const;

export interface Queues {
  /** Instruction deliveries (job name `deliver`) and outbox messages (`notify`). */
  send: Queue<SendJob>;
  summary: Queue<SummaryJob>;
  timers: Queue<TimerJob>;
  digest: Queue<Record<string, never>>;
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
  return {
    send,
    summary,
    timers,
    digest,
    prefix,
    connection,
    async close() {
      await Promise.all([send.close(), summary.close(), timers.close(), digest.close()]);
    },
  };
}

/** Job ids are deterministic per purpose so that adding twice never doubles work. */
export const jobIds = {
  delivery: (assignmentId: number) => `deliver-${assignmentId}`,
  summary: (instructionId: number, bucket: number) => `summary-${instructionId}-${bucket}`,
  outbox: (outboxId: number) => `outbox-${outboxId}`,
  timer: (assignmentId: number, chain: string, at: number) => `timer-${assignmentId}-${chain}-${at}`,
};
