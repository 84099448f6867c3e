import { loadAssignmentContext } from '../db/assignments';
import type { AppDeps } from '../deps';
import { defaultMessages } from '../i18n';
import { groupKeyboard, renderGroupMessage } from '../views/instruction';
import { isNotModified } from './telegram-errors';

/** Re-renders the OPD group's instruction message (who acknowledged, cancelled…) in place. */
export async function refreshGroupMessage(deps: AppDeps, assignmentId: number): Promise<void> {
  const ctx = await loadAssignmentContext(deps.db, assignmentId);
  if (!ctx || ctx.chat_id === null || ctx.message_id === null) return;
  const t = defaultMessages;
  const ended = ctx.instruction_state !== 'open' || ctx.state === 'cancelled';
  try {
    await deps.api.editMessageText(ctx.chat_id, ctx.message_id, renderGroupMessage(t, deps.config.timezone, ctx), {
      parse_mode: 'HTML',
      ...(ended ? {} : { reply_markup: groupKeyboard(t, assignmentId, ctx.acked_at !== null) }),
    });
  } catch (err) {
    if (!isNotModified(err)) deps.logger.warn({ err, assignmentId }, 'could not update the group message');
  }
}

/**
 * Queues the re-rendering of these OPDs' instruction messages (closed, cancelled, new due
 * date): edits count against Telegram's limits, so they go through the send queue. One
 * waiting refresh per message is enough: it renders the state at the time it runs.
 */
export async function enqueueGroupRefresh(deps: AppDeps, assignmentIds: number[]): Promise<void> {
  if (assignmentIds.length === 0) return;
  await deps.queues.send.addBulk(
    assignmentIds.map((id) => ({ name: 'refresh' as const, data: { refreshAssignmentId: id }, opts: { jobId: `refresh-${id}`, priority: 3, removeOnComplete: true, attempts: 3 } })),
  );
}

/** Assignments of an instruction whose group has the message. */
export async function deliveredAssignmentIds(deps: AppDeps, instructionId: number): Promise<number[]> {
  const rows = await deps.db.selectFrom('assignments').select('id').where('instruction_id', '=', instructionId).where('delivery_state', '=', 'sent').execute();
  return rows.map((r) => Number(r.id));
}
