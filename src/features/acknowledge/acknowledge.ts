import { acknowledgeAssignment, loadAssignmentContext, type AssignmentContext } from '../instruction/assignments.queries';
import { recordEvent } from '../../infra/db/events';
import { findPersonByTelegramId } from '../organisation/people.queries';
import type { Person } from '../../infra/db/schema';
import { decideAcknowledge } from '../../domain/assignment';
import { ackDenial, type AckDenial } from '../../domain/permissions';
import type { AppDeps } from '../../infra/deps';
import { queueGroupRefresh } from '../instruction/group-message';
import { scheduleSummaryRefresh } from '../instruction/summary';

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
 * when omitted it is read here. The edits that follow an acknowledgement (the summary, the
 * group message) are not queued here: call `afterAcknowledge` once the user has been answered.
 */
export async function acknowledge(deps: AppDeps, assignmentId: number, telegramUserId: number, person?: Person | null): Promise<AckResult> {
  const ctx = await loadAssignmentContext(deps.db, assignmentId);
  if (!ctx) return { ok: false, reason: 'unknown' };
  const presser = person === undefined ? await findPersonByTelegramId(deps.db, telegramUserId) : person;
  const denial = ackDenial(presser, ctx.opd_id);
  if (denial || !presser) {
    await recordEvent(deps.db, { kind: 'ack_refused', instruction_id: ctx.instruction_id, assignment_id: ctx.id, opd_id: ctx.opd_id, actor_telegram_id: telegramUserId, data: { reason: denial } }, deps.now());
    return { ok: false, reason: denial ?? 'not_registered', opdName: ctx.opd_name };
  }
  const decision = decideAcknowledge(ctx.state, ctx.instruction_state);
  if (!decision.ok) {
    if (decision.reason === 'already') return { ok: false, reason: 'already', byName: ctx.acked_by_name ?? '-', at: ctx.acked_at ?? 0, kept: keptMessage(ctx) };
    return { ok: false, reason: decision.reason };
  }
  const now = deps.now();
  const won = await deps.db.transaction().execute(async (trx) => {
    const updated = await acknowledgeAssignment(trx, assignmentId, presser.id, now);
    if (updated) {
      await recordEvent(trx, { kind: 'acknowledged', instruction_id: ctx.instruction_id, assignment_id: ctx.id, opd_id: ctx.opd_id, actor_telegram_id: telegramUserId, data: { late: now > ctx.ack_deadline } }, now);
    }
    return updated;
  });
  if (!won) {
    // Another press won the race between our read and our write.
    const fresh = await loadAssignmentContext(deps.db, assignmentId);
    return { ok: false, reason: 'already', byName: fresh?.acked_by_name ?? '-', at: fresh?.acked_at ?? now, kept: keptMessage(ctx) };
  }
  if (ctx.delivered_at !== null) deps.metrics.ackSeconds.observe(Math.max(0, now - ctx.delivered_at) / 1000);
  return { ok: true, ctx: { ...ctx, state: 'acknowledged', acked_at: now, acked_by: presser.id, acked_by_name: presser.name }, personName: presser.name, at: now };
}

/**
 * What follows a recorded acknowledgement, once the user has been answered: the issuer's
 * summary (one delayed edit per instruction and time bucket) and the group message (who
 * acknowledged; the ✅ button goes). Both are Redis jobs. Never throws: a failure is logged
 * and retried in the background (see `retryInBackground`); should the process die first,
 * the summary is re-rendered by the instruction's next change and the group message by the
 * next press on its stale ✅ button (`refreshStaleAckButton`).
 */
export async function afterAcknowledge(deps: AppDeps, instructionId: number, assignmentId: number): Promise<void> {
  await Promise.all([
    summaryOnce(deps, instructionId).catch((err: unknown) => retryInBackground(deps, 'summary refresh', err, () => summaryOnce(deps, instructionId))),
    queueGroupRefresh(deps, assignmentId).catch((err: unknown) => retryInBackground(deps, 'group message refresh', err, () => queueGroupRefresh(deps, assignmentId))),
  ]);
}

/** How long after an acknowledgement its group message is expected to have lost the ✅ button. */
export const GROUP_REFRESH_GRACE_MS = 60_000;

/**
 * A press on a message that still offers ✅ for an assignment acknowledged more than
 * `GROUP_REFRESH_GRACE_MS` ago: its refresh was lost (Redis failure, crash) — queue it again.
 * A refresh still waiting under that job id is not duplicated. Never throws.
 */
export async function refreshStaleAckButton(deps: AppDeps, assignmentId: number, ackedAt: number, messageOffersAck: boolean): Promise<void> {
  if (!messageOffersAck || deps.now() - ackedAt < GROUP_REFRESH_GRACE_MS) return;
  await queueGroupRefresh(deps, assignmentId).catch((err: unknown) => deps.logger.warn({ err, assignmentId }, 'could not queue the group message refresh'));
}

/**
 * scheduleSummaryRefresh adds one delayed job per instruction and time bucket (the job id
 * says which); within a bucket every later add is a no-op in Redis. Remembering the bucket
 * already added saves a burst of presses one Redis round trip each. Same bucket formula as
 * scheduleSummaryRefresh; a press at a bucket's edge at worst adds once more (harmless).
 */
const summaryAdded = new WeakMap<AppDeps, Map<number, number>>();

async function summaryOnce(deps: AppDeps, instructionId: number): Promise<void> {
  let added = summaryAdded.get(deps);
  if (!added) summaryAdded.set(deps, (added = new Map()));
  const bucket = Math.floor(deps.now() / deps.config.summaryEditIntervalMs);
  if (added.get(instructionId) === bucket) return;
  await scheduleSummaryRefresh(deps, instructionId);
  if (added.size > 1000) added.clear();
  added.set(instructionId, bucket);
}

const RETRY_DELAYS_MS = [1_000, 5_000, 15_000, 60_000, 120_000, 300_000];

function retryInBackground(deps: AppDeps, what: string, err: unknown, attempt: () => Promise<void>, n = 0): void {
  const delay = RETRY_DELAYS_MS[n];
  if (delay === undefined) {
    deps.logger.error({ err, what }, 'giving up queuing an edit after an acknowledgement; the next change will redo it');
    return;
  }
  deps.logger.warn({ err, what, retryInMs: delay }, 'could not queue an edit after an acknowledgement; retrying');
  setTimeout(() => {
    attempt().catch((e: unknown) => retryInBackground(deps, what, e, attempt, n + 1));
  }, delay).unref();
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
    await recordEvent(deps.db, { kind: 'duplicate_removed', assignment_id: assignmentId, data: { chat_id: pressed.chatId, message_id: pressed.messageId, kept: kept.messageId } }, deps.now());
    deps.logger.info({ assignmentId, chatId: pressed.chatId, messageId: pressed.messageId }, 'removed a second copy of an instruction message');
    return true;
  } catch (err) {
    deps.logger.warn({ err, assignmentId, chatId: pressed.chatId, messageId: pressed.messageId }, 'could not remove a second copy of an instruction message');
    return false;
  }
}
