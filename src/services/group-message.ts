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
