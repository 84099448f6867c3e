import { loadAssignmentContext, type AssignmentContext } from './assignments.queries';
import type { AppDeps } from '../../infra/deps';
import type { Db } from '../../infra/db/database';
import { defaultMessages } from '../../infra/i18n';
import { groupKeyboard, renderGroupMessage } from './instruction.view';
import { isNotModified } from '../../infra/telegram/errors';
import { verificationCode } from './verification';

/** The group message's model: the assignment's context and the instruction's verification code. */
export function groupMessageModel(deps: AppDeps, ctx: AssignmentContext) {
  return { ...ctx, verification_code: verificationCode(deps.config.verifySecret, { id: ctx.instruction_id, number: ctx.number, created_at: ctx.issued_at }) };
}

/** Re-renders the OPD group's instruction message (who acknowledged, cancelled…) in place. */
export async function refreshGroupMessage(deps: AppDeps, assignmentId: number): Promise<void> {
  const ctx = await loadAssignmentContext(deps.db, assignmentId);
  if (!ctx || ctx.chat_id === null || ctx.message_id === null) return;
  const t = defaultMessages;
  const ended = ctx.instruction_state !== 'open' || ctx.state === 'cancelled';
  try {
    await deps.api.editMessageText(ctx.chat_id, ctx.message_id, renderGroupMessage(t, deps.config.timezone, groupMessageModel(deps, ctx)), {
      parse_mode: 'HTML',
      ...(ended ? {} : { reply_markup: groupKeyboard(t, assignmentId, ctx.acked_at !== null) }),
    });
  } catch (err) {
    if (!isNotModified(err)) deps.logger.warn({ err, assignmentId }, 'could not update the group message');
  }
}

/** Assignments of an instruction whose group has the message. */
export async function deliveredAssignmentIds(db: Db, instructionId: number): Promise<number[]> {
  const rows = await db.selectFrom('assignments').select('id').where('instruction_id', '=', instructionId).where('delivery_state', '=', 'sent').execute();
  return rows.map((r) => Number(r.id));
}
