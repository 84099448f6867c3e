import { Worker, type ConnectionOptions } from 'bullmq';
import type { AppDeps } from '../deps';
import { deliverAssignment, recordDeliveryGaveUp } from '../services/delivery';
import { RateLimited, recordOutboxGaveUp, sendOutboxMessage } from '../services/outbox';
import { runTimer } from '../services/reminders';
import { refreshSummary } from '../services/summary';
import { QUEUE_NAMES, type DeliveryJob, type OutboxJob, type SummaryJob, type TimerJob } from './queues';

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

  // Outbox: one message per job. A 429 pauses the whole queue for Telegram's retry_after
  // (the limit is per bot) and the job is retried without counting as a failed attempt.
  const outbox: Worker<OutboxJob> = new Worker<OutboxJob>(
    QUEUE_NAMES.outbox,
    async (job) => {
      try {
        await sendOutboxMessage(deps, job.data.outboxId);
      } catch (err) {
        if (err instanceof RateLimited) {
          await outbox.rateLimit(err.retryAfterMs);
          throw Worker.RateLimitError();
        }
        throw err;
      }
    },
    { ...opts, concurrency: 10 },
  );
  outbox.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError';
    deps.logger.warn({ outboxId: job.data.outboxId, attempt: job.attemptsMade, final, err: err.message }, 'notification attempt failed');
    if (final) void recordOutboxGaveUp(deps, job.data.outboxId, err.message).catch((e) => deps.logger.error({ err: e }, 'could not record the failed notification'));
  });

  const timers = new Worker<TimerJob>(QUEUE_NAMES.timers, async (job) => runTimer(deps, job.data.assignmentId, job.data.chain), { ...opts, concurrency: 5 });
  timers.on('failed', (job, err) => deps.logger.error({ assignmentId: job?.data.assignmentId, chain: job?.data.chain, err: err.message }, 'timer failed'));

  const all = [delivery, summary, outbox, timers];
  for (const w of all) w.on('error', (err) => deps.logger.error({ err }, 'worker error'));
  return {
    async close() {
      await Promise.all(all.map((w) => w.close()));
    },
  };
}
