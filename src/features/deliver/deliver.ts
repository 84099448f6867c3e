import { UnrecoverableError } from 'bullmq';
import { loadAssignmentContext, loadAssignmentContexts, markDelivered, updateDelivery, type AssignmentContext } from '../instruction/assignments.queries';
import { insertDeliveredEvents, markSending } from './deliver.queries';
import { choosePaid } from './paid';
import { recordEvent } from '../../infra/db/events';
import { moveChat } from '../organisation/opds.queries';
import type { AppDeps } from '../../infra/deps';
import { defaultMessages } from '../../infra/i18n';
import { requeue } from '../../infra/queue/queues';
import { groupKeyboard, renderGroupMessage } from '../instruction/instruction.view';
import { groupMessageModel } from '../instruction/group-message';
import { chatUnreachable } from '../notify/notify';
import { issuer } from '../organisation/recipients';
import { classifySendError } from '../../infra/telegram/errors';
import { asJob, effects, inTransaction } from '../../infra/queue/effects';

/**
 * Sends one OPD its instruction, exactly once as far as Telegram allows: the state is
 * written before the send ("sending") and after it ("sent" with the message id). A re-run
 * finds "sent" and stops. The remaining window: a crash after Telegram accepted the message
 * but before "sent" was written makes the re-run send it again (at-least-once, never lost).
 *
 * Both writes are shared with the deliveries this process is sending at the same moment
 * (see Batch): each send still waits for its own "sending" to be committed, and its job
 * still ends only once its "sent" is.
 */
export async function deliverAssignment(deps: AppDeps, assignmentId: number): Promise<'sent' | 'skipped'> {
  const ctx = await batchesOf(deps).claim.add(assignmentId);
  if (!ctx) return 'skipped';
  const chatId = ctx.chat_id!;
  const t = defaultMessages;
  const text = renderGroupMessage(t, deps.config.timezone, groupMessageModel(deps, ctx));
  // Past the free 30 a second, for a fee (./paid.ts); the send gate takes its slot from the paid
  // budget. A delivery chosen before the option was turned off goes free.
  const paid = ctx.paid_broadcast === 1 && deps.config.paidBroadcast.enabled;
  try {
    const msg = await deps.api.sendMessage(chatId, text, {
      parse_mode: 'HTML',
      reply_markup: groupKeyboard(t, assignmentId, ctx.acked_at !== null),
      ...(paid ? { allow_paid_broadcast: true } : {}),
    });
    await batchesOf(deps).record.add({ assignmentId, chatId, messageId: msg.message_id, instructionId: ctx.instruction_id, opdId: ctx.opd_id, paid });
    return 'sent';
  } catch (err) {
    const failure = classifySendError(err);
    const now = deps.now();
    switch (failure.kind) {
      case 'migrated': {
        // The group became a supergroup: follow it and send there on the retry.
        await moveChat(deps.db, chatId, failure.newChatId, now);
        await updateDelivery(deps.db, assignmentId, { delivery_state: 'queued', chat_id: failure.newChatId }, now);
        await recordEvent(deps.db, { kind: 'chat_migrated', opd_id: ctx.opd_id, data: { from: chatId, to: failure.newChatId } }, now);
        throw new Error(`group ${chatId} migrated to ${failure.newChatId}`);
      }
      case 'chat_gone': {
        // Recorded first, so whoever is told can already see it in /status.
        await recordFailure(deps, ctx, failure.description, now);
        await chatUnreachable(deps, chatId, failure.description, await issuer(deps, ctx.issuer_id));
        throw new UnrecoverableError(failure.description);
      }
      case 'bad_request': {
        await recordFailure(deps, ctx, failure.description, now);
        throw new UnrecoverableError(failure.description);
      }
      default: {
        // Retried by the queue with backoff; the record says why it is not out yet.
        await updateDelivery(
          deps.db,
          assignmentId,
          { delivery_state: 'queued', delivery_error: failure.kind === 'rate_limited' ? `429 retry after ${failure.retryAfterSec}s` : failure.description },
          now,
        );
        throw err;
      }
    }
  }
}

interface Delivered {
  assignmentId: number;
  chatId: number;
  messageId: number;
  instructionId: number;
  opdId: number;
  /** Sent with a paid broadcast: the issuer's summary shows how many. */
  paid: boolean;
}

/** Most deliveries one batch claims or records (SQLite takes 32,766 parameters a statement). */
const BATCH_MAX = 500;
/**
 * A batch follows the previous one by at least this long, so that under load the deliveries
 * of these milliseconds share it; after a pause the first call is served at once. Answers
 * reach a worker one at a time, so without it batches averaged 1.3 deliveries (bench/ceiling.ts).
 */
const COALESCE_MS = 10;

/**
 * Group commit (issue #14): the calls made while a batch waits its turn run as one batch —
 * one query, statement or transaction for all of them instead of one each. After a pause a
 * batch starts right after the event-loop turn that made its first call (setImmediate), so a
 * lone delivery waits for nothing but that turn; under load, COALESCE_MS after the previous
 * batch ended (at Telegram's 29 a second, sends are 34 ms apart: no wait).
 */
class Batch<T, R> {
  private waiting: Array<{ item: T; resolve: (r: R) => void; reject: (err: unknown) => void }> = [];
  private running = false;
  private lastFlush = -Infinity;

  constructor(
    private readonly write: (items: T[]) => Promise<R[]>,
    /** After a failed batch: each item on its own, so one bad row fails only its own job. */
    private readonly oneByOne: boolean,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.running) return;
      this.running = true;
      // Idle: at once (after this turn). Busy: the calls of the next few milliseconds join in.
      const wait = this.lastFlush + COALESCE_MS - performance.now();
      if (wait > 0) setTimeout(() => void this.flush(), wait);
      else setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, BATCH_MAX);
        try {
          const out = await this.write(batch.map((b) => b.item));
          for (const [i, b] of batch.entries()) b.resolve(out[i]!);
        } catch (err) {
          if (!this.oneByOne) for (const b of batch) b.reject(err);
          else for (const b of batch) await this.write([b.item]).then((out) => b.resolve(out[0]!), b.reject);
        }
      }
    } finally {
      this.running = false;
      this.lastFlush = performance.now();
    }
  }
}

type Claimed = AssignmentContext | null;

/** One pair of batches per process (per deps). */
const batches = new WeakMap<AppDeps, { claim: Batch<number, Claimed>; record: Batch<Delivered, undefined> }>();

function batchesOf(deps: AppDeps) {
  let b = batches.get(deps);
  if (!b) {
    // A failed claim sent nothing: its jobs are retried as they are. A failed record is
    // retried row by row: the message is out, and its job failing would send it again.
    b = { claim: new Batch((ids) => claimForSending(deps, ids), false), record: new Batch((d) => recordDelivered(deps, d), true) };
    batches.set(deps, b);
  }
  return b;
}

/**
 * Before the sends: reads the deliveries (one query) and records as "sending" those that go
 * (one UPDATE, committed before any of them is sent); null for one that is not to be sent
 * (already sent, no group, instruction closed or assignment cancelled). Profiled with the
 * limits lifted (bench/ceiling.ts): Kysely building a query and an UPDATE per delivery was
 * 16–18 % of the worker's CPU, SQLite's commits most of another 9–10 %.
 */
async function claimForSending(deps: AppDeps, ids: number[]): Promise<Claimed[]> {
  const rows = await loadAssignmentContexts(deps.db, [...new Set(ids)]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const now = deps.now();
  const go: number[] = [];
  const out: Claimed[] = [];
  const sending: AssignmentContext[] = [];
  for (const id of ids) {
    const ctx = byId.get(id);
    if (!ctx || ctx.delivery_state === 'sent' || ctx.delivery_state === 'no_chat' || ctx.instruction_state !== 'open' || ctx.state === 'cancelled') {
      out.push(null);
      continue;
    }
    if (ctx.chat_id === null) {
      await updateDelivery(deps.db, id, { delivery_state: 'no_chat' }, now);
      out.push(null);
      continue;
    }
    go.push(id);
    out.push(ctx);
    sending.push(ctx);
  }
  await choosePaid(deps, sending);
  await markSending(deps.db, go, now);
  return out;
}

/**
 * After the sends: records deliveries as sent, with their events and the planning of their
 * reminders (one timers job for the batch), in one transaction. With a transaction and a
 * timers job per delivery, 22,000 groups took 22.3 s with one worker (0.92 ms of its CPU a
 * message) and 31.8 s with two, whose commits queued on SQLite's write lock; batched, 13.3 s
 * and 13.0 s (0.55 ms; bench/ceiling.ts, limits lifted, bench/RESULTS.md). The window in which
 * a kill makes the re-run send again — Telegram accepted, not yet recorded — grows by at most
 * COALESCE_MS and one batch's commit.
 */
async function recordDelivered(deps: AppDeps, batch: Delivered[]): Promise<undefined[]> {
  await inTransaction(deps, async ({ trx, now, effect }) => {
    for (const d of batch) await markDelivered(trx, d.assignmentId, d.chatId, d.messageId, now);
    await insertDeliveredEvents(trx, batch, now);
    // From delivery on, the reminders' clocks run.
    effect(effects.planTimers(batch.map((d) => d.assignmentId)));
    // The summary counts the paid ones (edits are coalesced: SUMMARY_EDIT_INTERVAL).
    for (const id of new Set(batch.filter((d) => d.paid).map((d) => d.instructionId))) effect(effects.summary(id, now, deps.config.summaryEditIntervalMs));
  });
  return batch.map(() => undefined);
}

/** Called when the queue gives up on a delivery after its last attempt. */
export async function recordDeliveryGaveUp(deps: AppDeps, assignmentId: number, reason: string): Promise<void> {
  const now = deps.now();
  const ctx = await loadAssignmentContext(deps.db, assignmentId);
  if (!ctx || ctx.delivery_state === 'sent' || ctx.delivery_state === 'failed') return;
  await recordFailure(deps, ctx, reason, now);
}

/** A delivery that will not be retried: recorded, and the issuer's summary shows it. */
async function recordFailure(deps: AppDeps, ctx: { id: number; instruction_id: number; opd_id: number }, reason: string, now: number): Promise<void> {
  await inTransaction(
    deps,
    async ({ trx, effect }) => {
      await updateDelivery(trx, ctx.id, { delivery_state: 'failed', delivery_error: reason }, now);
      await recordEvent(trx, { kind: 'delivery_failed', instruction_id: ctx.instruction_id, assignment_id: ctx.id, opd_id: ctx.opd_id, data: { reason } }, now);
      effect(effects.summary(ctx.instruction_id, now, deps.config.summaryEditIntervalMs));
    },
    now,
  );
}

/**
 * Redis holds the timers, the database the truth: on start every delivery that is not
 * finished is queued again (job ids are deterministic, so one still in Redis is not doubled).
 */
export async function resumePendingDeliveries(deps: AppDeps): Promise<number> {
  const rows = await deps.db
    .selectFrom('assignments as a')
    .innerJoin('instructions as i', 'i.id', 'a.instruction_id')
    .select(['a.id', 'i.priority'])
    .where('i.state', '=', 'open')
    .where('a.delivery_state', 'in', ['queued', 'sending'])
    .execute();
  const replaced = await requeue(
    deps.queues.send,
    rows.map((r) => asJob(effects.deliver(r.id, r.priority), deps.now())),
  );
  if (replaced > 0) deps.logger.warn({ replaced }, 'deliveries whose job had ended in Redis while the database still had them pending were queued again');
  return rows.length;
}
