import { acknowledgeAssignment, loadAssignmentContext, type AssignmentContext } from '../instruction/assignments.queries';
import { recordEvent } from '../../infra/db/events';
import { findPersonByTelegramId } from '../organisation/people.queries';
import type { Person } from '../../infra/db/schema';
import { decideAcknowledge } from '../../domain/assignment';
import { ackDenial, type AckDenial } from '../../domain/permissions';
import type { AppDeps } from '../../infra/deps';
import { effects, inTransaction } from '../../infra/queue/effects';

/** The group message recorded for an assignment (the one Arahan keeps editing). */
export interface KeptMessage {
  chatId: number | null;
  messageId: number | null;
}

const keptMessage = (ctx: AssignmentContext): KeptMessage => ({ chatId: ctx.chat_id, messageId: ctx.message_id });

export type AckResult =
  | { ok: true; ctx: AssignmentContext; personName: string; at: number }
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: AckDenial; opdName: string }
  | { ok: false; reason: 'already'; byName: string; at: number; kept: KeptMessage }
  | { ok: false; reason: 'instruction_closed' | 'cancelled' };

/**
 * "✅ Siap, diterima" pressed by a Telegram user. Recorded once: a second press, or the
 * same update delivered twice, finds the assignment already acknowledged and changes nothing.
 * `ok: true` means the acknowledgement is committed to the database.
 *
 * `person` is the presser as already looked up for this update (the bot's middleware does);
 * when omitted it is read here. The edits that follow (the issuer's summary, the group
 * message saying who acknowledged) are effects committed with the acknowledgement itself,
 * moved into the queues by the dispatcher after the commit: the user waits for neither, and
 * a crash after the commit loses neither.
 */
export async function acknowledge(deps: AppDeps, assignmentId: number, telegramUserId: number, person?: Person | null): Promise<AckResult> {
  const ctx = await loadAssignmentContext(deps.db, assignmentId);
  if (!ctx) return { ok: false, reason: 'unknown' };
  const presser = person === undefined ? await findPersonByTelegramId(deps.db, telegramUserId) : person;
  const denial = ackDenial(presser, ctx.opd_id);
  if (denial || !presser) {
    await recordEvent(
      deps.db,
      { kind: 'ack_refused', instruction_id: ctx.instruction_id, assignment_id: ctx.id, opd_id: ctx.opd_id, actor_telegram_id: telegramUserId, data: { reason: denial } },
      deps.now(),
    );
    return { ok: false, reason: denial ?? 'not_registered', opdName: ctx.opd_name };
  }
  const decision = decideAcknowledge(ctx.state, ctx.instruction_state);
  if (!decision.ok) {
    if (decision.reason === 'already') return { ok: false, reason: 'already', byName: ctx.acked_by_name ?? '-', at: ctx.acked_at ?? 0, kept: keptMessage(ctx) };
    return { ok: false, reason: decision.reason };
  }
  const now = deps.now();
  const won = await inTransaction(
    deps,
    async ({ trx, effect }) => {
      const updated = await acknowledgeAssignment(trx, assignmentId, presser.id, now);
      if (updated) {
        await recordEvent(
          trx,
          {
            kind: 'acknowledged',
            instruction_id: ctx.instruction_id,
            assignment_id: ctx.id,
            opd_id: ctx.opd_id,
            actor_telegram_id: telegramUserId,
            data: { late: now > ctx.ack_deadline },
          },
          now,
        );
        effect(effects.summary(ctx.instruction_id, now, deps.config.summaryEditIntervalMs), effects.groupRefresh(ctx.id));
      }
      return updated;
    },
    now,
  );
  if (!won) {
    // Another press won the race between our read and our write.
    const fresh = await loadAssignmentContext(deps.db, assignmentId);
    return { ok: false, reason: 'already', byName: fresh?.acked_by_name ?? '-', at: fresh?.acked_at ?? now, kept: keptMessage(ctx) };
  }
  if (ctx.delivered_at !== null) deps.metrics.ackSeconds.observe(Math.max(0, now - ctx.delivered_at) / 1000);
  return { ok: true, ctx: { ...ctx, state: 'acknowledged', acked_at: now, acked_by: presser.id, acked_by_name: presser.name }, personName: presser.name, at: now };
}

/** How long after an acknowledgement its group message is expected to have lost the ✅ button. */
export const GROUP_REFRESH_GRACE_MS = 60_000;

/**
 * A press on a message that still offers ✅ for an assignment acknowledged more than
 * `GROUP_REFRESH_GRACE_MS` ago: its refresh was lost (Redis flushed after the dispatcher
 * had moved it) — cause it again. Never throws.
 */
export async function refreshStaleAckButton(deps: AppDeps, assignmentId: number, ackedAt: number, messageOffersAck: boolean): Promise<void> {
  if (!messageOffersAck || deps.now() - ackedAt < GROUP_REFRESH_GRACE_MS) return;
  await inTransaction(deps, async ({ effect }) => effect(effects.groupRefresh(assignmentId))).catch((err: unknown) =>
    deps.logger.warn({ err, assignmentId }, 'could not queue the group message refresh'),
  );
}

/**
 * A ✅ pressed on a second copy of an assignment's group message: the copy a crash left
 * behind inside the delivery window (README, "The remaining window": Telegram had accepted
 * the message, the worker died before recording it, and the retry sent it again). Only the
 * instruction message carries the assignment's ✅, so another message in the same group with
 * that button is such a copy. It is deleted, so the group keeps the one message Arahan
 * edits; the press itself counts as usual. Never throws; true if a copy was deleted.
 */
export async function removeDuplicateCopy(deps: AppDeps, assignmentId: number, kept: KeptMessage, pressed: { chatId: number; messageId: number }): Promise<boolean> {
  if (kept.chatId !== pressed.chatId || kept.messageId === null || kept.messageId === pressed.messageId) return false;
  try {
    await deps.api.deleteMessage(pressed.chatId, pressed.messageId);
    await recordEvent(
      deps.db,
      { kind: 'duplicate_removed', assignment_id: assignmentId, data: { chat_id: pressed.chatId, message_id: pressed.messageId, kept: kept.messageId } },
      deps.now(),
    );
    deps.logger.info({ assignmentId, chatId: pressed.chatId, messageId: pressed.messageId }, 'removed a second copy of an instruction message');
    return true;
  } catch (err) {
    deps.logger.warn({ err, assignmentId, chatId: pressed.chatId, messageId: pressed.messageId }, 'could not remove a second copy of an instruction message');
    return false;
  }
}
