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

/**
 * Re-renders the OPD group's instruction message (who acknowledged, cancelled…) in place.
 *
 * A refresh asked for while this one runs has the same job id and is dropped by the queue, so
 * after editing, the state is read again and, if it renders differently (a change committed
 * meanwhile), edited again: the last change is always shown. Bounded, as each round is a send.
 */
export async function refreshGroupMessage(deps: AppDeps, assignmentId: number): Promise<void> {
  let shown: string | null = null;
  for (let round = 0; round < 3; round++) {
    const ctx = await loadAssignmentContext(deps.db, assignmentId);
    if (!ctx || ctx.chat_id === null || ctx.message_id === null) return;
    const t = defaultMessages;
    const ended = ctx.instruction_state !== 'open' || ctx.state === 'cancelled';
    const text = renderGroupMessage(t, deps.config.timezone, groupMessageModel(deps, ctx));
    const keyboard = ended ? null : groupKeyboard(t, assignmentId, ctx.acked_at !== null);
    const rendered = JSON.stringify([text, keyboard]);
    if (rendered === shown) return;
    try {
      await deps.api.editMessageText(ctx.chat_id, ctx.message_id, text, { parse_mode: 'HTML', ...(keyboard ? { reply_markup: keyboard } : {}) });
    } catch (err) {
      if (!isNotModified(err)) return void deps.logger.warn({ err, assignmentId }, 'could not update the group message');
    }
    shown = rendered;
  }
}

/** Assignments of an instruction whose group has the message. */
export async function deliveredAssignmentIds(db: Db, instructionId: number): Promise<number[]> {
  const rows = await db.selectFrom('assignments').select('id').where('instruction_id', '=', instructionId).where('delivery_state', '=', 'sent').execute();
  return rows.map((r) => Number(r.id));
}
