import { Worker, type ConnectionOptions } from 'bullmq';
import type { AppDeps } from '../deps';
import { deliverAssignment, recordDeliveryGaveUp } from '../services/delivery';
import { refreshSummary } from '../services/summary';
import { QUEUE_NAMES, type DeliveryJob, type SummaryJob } from './queues';

export interface Workers {
  close(): Promise<void>;
}

/** Thin queue workers: each job calls one service. */
export function startWorkers(deps: AppDeps, connection: ConnectionOptions): Workers {
  const opts = { connection, prefix: deps.queues.prefix };
  const delivery = new Worker<DeliveryJob>(QUEUE_NAMES.delivery, async (job) => deliverAssignment(deps, job.data.assignmentId), {
    ...opts,
    concurrency: 10,
  });
  delivery.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError';
    deps.logger.warn({ assignmentId: job.data.assignmentId, attempt: job.attemptsMade, final, err: err.message }, 'delivery attempt failed');
    if (final) void recordDeliveryGaveUp(deps, job.data.assignmentId, err.message).catch((e) => deps.logger.error({ err: e }, 'could not record the failed delivery'));
  });

  const summary = new Worker<SummaryJob>(QUEUE_NAMES.summary, async (job) => refreshSummary(deps, job.data.instructionId), { ...opts, concurrency: 5 });
  summary.on('failed', (job, err) => deps.logger.warn({ instructionId: job?.data.instructionId, err: err.message }, 'summary refresh failed'));

  for (const w of [delivery, summary]) w.on('error', (err) => deps.logger.error({ err }, 'worker error'));
  return {
    async close() {
      await Promise.all([delivery.close(), summary.close()]);
    },
  };
}
