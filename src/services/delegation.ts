import { recordEvent } from '../db/events';
import { findPersonByTelegramId } from '../db/people';
import { listActingHeads } from '../db/acting-heads';
import { escapeHtml } from '../domain/text';
import { localDateKey } from '../domain/time';
import type { AppDeps } from '../deps';
import { messagesFor } from '../i18n';
import { notify } from './outbox';
import { findInstruction } from './queries';

export type DelegateResult =
  | { ok: true; number: string; name: string }
  | { ok: false; error: 'usage' | 'bad_number' | 'only_head' | 'not_target' }
  | { ok: false; error: 'unknown'; number: string }
  | { ok: false; error: 'unknown_user'; user: string };

/** /tugaskan NOMOR @username: the OPD head hands an instruction to a staff member of the same OPD. */
export async function delegate(deps: AppDeps, headTelegramId: number, args: string[]): Promise<DelegateResult> {
  const [raw, user] = args;
  if (!raw || !user) return { ok: false, error: 'usage' };
  const found = await findInstruction(deps, raw);
  if (!found.ok) return found.error === 'bad_number' ? { ok: false, error: 'bad_number' } : { ok: false, error: 'unknown', number: found.number };
  const head = await findPersonByTelegramId(deps.db, headTelegramId);
  if (!head || head.active !== 1) return { ok: false, error: 'only_head' };
  // The head of the OPD, or its acting head today.
  let opdId = head.role === 'kepala' ? head.opd_id : null;
  if (opdId === null && head.opd_id !== null) {
    const acting = await listActingHeads(deps.db, head.opd_id, localDateKey(deps.now(), deps.config.timezone));
    if (acting.some((a) => a.telegram_id === head.telegram_id)) opdId = head.opd_id;
  }
  if (opdId === null) return { ok: false, error: 'only_head' };
  const assignment = await deps.db.selectFrom('assignments').select(['id', 'opd_id']).where('instruction_id', '=', found.value.id).where('opd_id', '=', opdId).executeTakeFirst();
  if (!assignment) return { ok: false, error: 'not_target' };
  const username = user.replace(/^@/, '');
  const target = await deps.db
    .selectFrom('people')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .where('opd_id', '=', opdId)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!target) return { ok: false, error: 'unknown_user', user };
  const now = deps.now();
  await deps.db.updateTable('assignments').set({ delegate_id: target.id, updated_at: now }).where('id', '=', assignment.id).execute();
  await recordEvent(deps.db, { kind: 'delegated', instruction_id: found.value.id, assignment_id: Number(assignment.id), opd_id: opdId, actor_telegram_id: headTelegramId, data: { to: target.telegram_id } }, now);
  await notify(deps, [{ chat_id: target.telegram_id, text: messagesFor(target.lang).delegatedDm(escapeHtml(found.value.number), escapeHtml(head.name)), kind: 'delegated', assignment_id: Number(assignment.id), opd_id: opdId }]);
  return { ok: true, number: found.value.number, name: target.name };
}
