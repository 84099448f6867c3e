import { Queue, type ConnectionOptions } from 'bullmq';

export interface DeliveryJob {
  assignmentId: number;
}
export interface SummaryJob {
  instructionId: number;
}
export interface OutboxJob {
  outboxId: number;
}
export interface TimerJob {
  assignmentId: number;
  chain: 'ack' | 'fu';
}

export const QUEUE_NAMES = { delivery: 'delivery', summary: 'summary', outbox: 'outbox', timers: 'timers' } as const;

export interface Queues {
  delivery: Queue<DeliveryJob>;
  summary: Queue<SummaryJob>;
  outbox: Queue<OutboxJob>;
  timers: Queue<TimerJob>;
  prefix: string;
  connection: ConnectionOptions;
  close(): Promise<void>;
}

export function createQueues(connection: ConnectionOptions, prefix: string): Queues {
  const opts = { connection, prefix };
  const delivery = new Queue<DeliveryJob>(QUEUE_NAMES.delivery, {
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
  const outbox = new Queue<OutboxJob>(QUEUE_NAMES.outbox, {
    ...opts,
    defaultJobOptions: { attempts: 8, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { count: 1000 }, removeOnFail: { count: 5000 } },
  });
  const timers = new Queue<TimerJob>(QUEUE_NAMES.timers, {
    ...opts,
    defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: { count: 5000 } },
  });
  return {
    delivery,
    summary,
    outbox,
    timers,
    prefix,
    connection,
    async close() {
      await Promise.all([delivery.close(), summary.close(), outbox.close(), timers.close()]);
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
