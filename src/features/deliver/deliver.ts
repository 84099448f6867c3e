import { UnrecoverableError } from 'bullmq';
import { loadAssignmentContext, markDelivered, updateDelivery } from '../instruction/assignments.queries';
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
 */
export async function deliverAssignment(deps: AppDeps, assignmentId: number): Promise<'sent' | 'skipped'> {
  const ctx = await loadAssignmentContext(deps.db, assignmentId);
  if (!ctx) return 'skipped';
  if (ctx.delivery_state === 'sent' || ctx.delivery_state === 'no_chat') return 'skipped';
  if (ctx.instruction_state !== 'open' || ctx.state === 'cancelled') return 'skipped';
  const chatId = ctx.chat_id;
  if (chatId === null) {
    await updateDelivery(deps.db, assignmentId, { delivery_state: 'no_chat' }, deps.now());
    return 'skipped';
  }

  await updateDelivery(deps.db, assignmentId, { delivery_state: 'sending', attempt: true }, deps.now());
  const t = defaultMessages;
  const text = renderGroupMessage(t, deps.config.timezone, groupMessageModel(deps, ctx));
  try {
    const msg = await deps.api.sendMessage(chatId, text, {
      parse_mode: 'HTML',
      reply_markup: groupKeyboard(t, assignmentId, ctx.acked_at !== null),
    });
    await inTransaction(deps, async ({ trx, now, effect }) => {
      await markDelivered(trx, assignmentId, chatId, msg.message_id, now);
      await recordEvent(trx, { kind: 'delivered', instruction_id: ctx.instruction_id, assignment_id: assignmentId, opd_id: ctx.opd_id }, now);
      // From delivery on, the reminders' clocks run.
      effect(effects.planTimers([assignmentId]));
    });
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
