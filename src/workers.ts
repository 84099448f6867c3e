import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { AppDeps } from './infra/deps';
import { deliverAssignment, recordDeliveryGaveUp } from './features/deliver/deliver';
import { refreshGroupMessage } from './features/instruction/group-message';
import { RateLimited, recordOutboxGaveUp, retireCopy, sendOutboxMessage } from './features/notify/notify';
import { runDigest } from './features/digest/digest';
import { exportProgress, runExport } from './features/export/export-job';
import { runTimer, scheduleTimers } from './features/remind/reminders';
import { runObstacleTimer } from './features/obstacle/obstacles';
import { amendRequestCopy } from './features/extend/extensions';
import { refreshSummary } from './features/instruction/summary';
import { refreshRollcallTally, runRollcallStep } from './features/rollcall/rollcall';
import { runScheduledApel } from './features/rollcall/schedule';
import { QUEUE_NAMES, type ExportJob, type QueueName, type SendJob, type SummaryJob, type TimerJob } from './infra/queue/queues';

const REDIS_DOWN = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

export interface Workers {
  /** Each queue's worker in this process (their ids name the locks of the jobs they hold). */
  byQueue: Array<{ name: QueueName; worker: Worker }>;
  close(): Promise<void>;
}

export interface WorkerOptions {
  /** Parallel sends; the shared gate keeps them within Telegram's limits. */
  sendConcurrency?: number;
  /** Lock of an active job; a crashed worker's jobs are taken over after about this long. */
  lockMs?: number;
}

/** Thin queue workers: each job calls one service. */
export function startWorkers(deps: AppDeps, connection: ConnectionOptions, options: WorkerOptions = {}): Workers {
  const lock = options.lockMs ?? 10_000;
  // A dead worker's jobs are taken over at the first stalled-job check after their lock ran
  // out, and a job is only taken at the second check that finds it: checking four times per
  // lock period bounds the takeover at about 1.5 × the lock instead of 2 ×.
  const opts = { connection, prefix: deps.queues.prefix, lockDuration: lock, stalledInterval: Math.max(1000, Math.round(lock / 4)) };
  // A send or timer job whose worker died is handed to another however often that happens
  // (BullMQ's default fails it, silently, the second time: see requeue in src/jobs/queues.ts).
  // Such a job only reads the database and calls Telegram: if its worker dies, the cause lies
  // elsewhere, and the message must still go.
  const recovered = { ...opts, maxStalledCount: 100 };

  // Sends: instruction deliveries and outbox messages, highest priority first. A 429 that the
  // API layer could not absorb pauses the whole queue for Telegram's retry_after, and the
  // job is retried without counting as a failed attempt.
  // Job ids are deterministic (one per delivery, message, refresh). A job added again while
  // its first copy still runs in this process — Redis lost its data mid-send and the pending
  // work was rebuilt from the database (src/infra/queue/redis-loss.ts) — is the same work:
  // skipped here instead of sent twice (test/faults/redis-outage.test.ts: FLUSHALL during a
  // broadcast doubled 5 of 8 group messages before this).
  const running = new Set<string>();
  const send: Worker<SendJob> = new Worker<SendJob>(
    QUEUE_NAMES.send,
    async (job) => {
      const key = job.id ?? '';
      if (key && running.has(key)) return 'skipped';
      running.add(key);
      try {
        if ('assignmentId' in job.data) return await deliverAssignment(deps, job.data.assignmentId);
        if ('refreshAssignmentId' in job.data) return await refreshGroupMessage(deps, job.data.refreshAssignmentId);
        if ('retireOutboxId' in job.data) return await retireCopy(deps, job.data.retireOutboxId, job.data.text);
        if ('amendOutboxId' in job.data) return await amendRequestCopy(deps, job.data.amendOutboxId, job.data.requestId);
        return await sendOutboxMessage(deps, job.data.outboxId);
      } catch (err) {
        if (err instanceof RateLimited) {
          await send.rateLimit(err.retryAfterMs);
          throw Worker.RateLimitError();
        }
        throw err;
      } finally {
        running.delete(key);
      }
    },
    { ...recovered, concurrency: options.sendConcurrency ?? 10 },
  );
  send.on('failed', (job: Job<SendJob> | undefined, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError';
    deps.logger.warn({ job: job.id, attempt: job.attemptsMade, final, err: err.message }, 'send attempt failed');
    if (!final) return;
    if ('refreshAssignmentId' in job.data || 'retireOutboxId' in job.data || 'amendOutboxId' in job.data) return;
    const record = 'assignmentId' in job.data ? recordDeliveryGaveUp(deps, job.data.assignmentId, err.message) : recordOutboxGaveUp(deps, job.data.outboxId, err.message);
    void record.catch((e) => deps.logger.error({ err: e }, 'could not record the failed send'));
  });

  // An instruction's summary, or a roll-call's live tally (src/features/rollcall).
  const summary = new Worker<SummaryJob>(
    QUEUE_NAMES.summary,
    async (job) => ('rollcallId' in job.data ? refreshRollcallTally(deps, job.data.rollcallId) : refreshSummary(deps, job.data.instructionId)),
    { ...opts, concurrency: 5 },
  );
  summary.on('failed', (job, err) => deps.logger.warn({ job: job?.data, err: err.message }, 'summary refresh failed'));

  const timers = new Worker<TimerJob>(
    QUEUE_NAMES.timers,
    async (job) =>
      'plan' in job.data
        ? scheduleTimers(deps, job.data.plan)
        : 'rollcall' in job.data
          ? runRollcallStep(deps, job.data.rollcall)
          : 'apelAt' in job.data
            ? runScheduledApel(deps, job.data.apelAt)
            : 'obstacleId' in job.data
              ? runObstacleTimer(deps, job.data.obstacleId)
              : runTimer(deps, job.data.assignmentId, job.data.chain),
    { ...recovered, concurrency: 5 },
  );
  timers.on('failed', (job, err) => deps.logger.error({ job: job?.data, err: err.message }, 'timer failed'));

  const digest = new Worker(QUEUE_NAMES.digest, async () => runDigest(deps), { ...opts, concurrency: 1 });
  digest.on('failed', (job, err) => deps.logger.error({ attempt: job?.attemptsMade, err: err.message }, 'weekly digest failed'));

  // /ekspor: one build at a time per process (a 30-day export of a busy province holds
  // tens of MB while it is built); the service tells the chat if the last attempt fails.
  const exports = new Worker<ExportJob>(
    QUEUE_NAMES.export,
    async (job) =>
      runExport(deps, job.data, {
        final: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        done: exportProgress(job.progress),
        record: (done) => job.updateProgress({ done }),
      }),
    { ...opts, concurrency: 1 },
  );
  exports.on('failed', (job, err) =>
    deps.logger.error({ chatId: job?.data.chatId, from: job?.data.from, to: job?.data.to, attempt: job?.attemptsMade, err: err.message }, 'export failed'),
  );

  const all = [send, summary, timers, digest, exports];
  // Connection errors are Redis being away (reported once by reportRedisErrors on the app's
  // connections); anything else a worker reports is an error.
  for (const w of all)
    w.on('error', (err: Error & { code?: string }) =>
      REDIS_DOWN.has(err.code ?? '') ? deps.logger.debug({ err }, 'worker: Redis unreachable') : deps.logger.error({ err }, 'worker error'),
    );
  return {
    byQueue: [
      { name: QUEUE_NAMES.send, worker: send },
      { name: QUEUE_NAMES.summary, worker: summary },
      { name: QUEUE_NAMES.timers, worker: timers },
      { name: QUEUE_NAMES.digest, worker: digest },
      { name: QUEUE_NAMES.export, worker: exports },
    ] as Array<{ name: QueueName; worker: Worker }>,
    async close() {
      await Promise.all(all.map((w) => w.close()));
    },
  };
}
