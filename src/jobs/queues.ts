import { Queue, type ConnectionOptions } from 'bullmq';

export interface DeliveryJob {
  assignmentId: number;
}
export interface SummaryJob {
  instructionId: number;
}

export const QUEUE_NAMES = { delivery: 'delivery', summary: 'summary' } as const;

export interface Queues {
  delivery: Queue<DeliveryJob>;
  summary: Queue<SummaryJob>;
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
  return {
    delivery,
    summary,
    prefix,
    connection,
    async close() {
      await Promise.all([delivery.close(), summary.close()]);
    },
  };
}

/** Job ids are deterministic per purpose so that adding twice never doubles work. */
export const jobIds = {
  delivery: (assignmentId: number) => `deliver-${assignmentId}`,
  summary: (instructionId: number, bucket: number) => `summary-${instructionId}-${bucket}`,
};
