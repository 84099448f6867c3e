import { countProgress } from './assignments.queries';
import { countOpenObstacles, findInstructionById, paidSendsOf } from './instructions.queries';
import { findPersonById } from '../organisation/people.queries';
import type { AppDeps } from '../../infra/deps';
import { messagesFor } from '../../infra/i18n';
import { pendingKeyboard, renderSummary } from './instruction.view';
import { isNotModified } from '../../infra/telegram/errors';
import { verificationCode } from './verification';

export async function renderSummaryFor(deps: AppDeps, instructionId: number) {
  const instruction = await findInstructionById(deps.db, instructionId);
  if (!instruction) return null;
  const issuer = await findPersonById(deps.db, instruction.issuer_id);
  const t = messagesFor(issuer?.lang);
  const counts = await countProgress(deps.db, instructionId, deps.now());
  const obstacles = await countOpenObstacles(deps.db, instructionId);
  const paid = await paidSendsOf(deps.db, instructionId);
  const verification_code = verificationCode(deps.config.verifySecret, instruction);
  return {
    instruction,
    text: renderSummary(t, deps.config.timezone, { ...instruction, ...counts, state: instruction.state, verification_code, obstacles, paid }),
    // An edit without reply_markup would drop the button: it is sent with every edit.
    keyboard: pendingKeyboard(t, instruction.id),
  };
}

export async function refreshSummary(deps: AppDeps, instructionId: number): Promise<void> {
  const rendered = await renderSummaryFor(deps, instructionId);
  if (!rendered) return;
  const { instruction, text, keyboard } = rendered;
  if (instruction.summary_chat_id === null || instruction.summary_message_id === null) return;
  try {
    await deps.api.editMessageText(instruction.summary_chat_id, instruction.summary_message_id, text, { parse_mode: 'HTML', reply_markup: keyboard });
  } catch (err) {
    if (!isNotModified(err)) throw err;
  }
}
