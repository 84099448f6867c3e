import { listActingHeads } from '../organisation/acting-heads.queries';
import { recordEvent } from '../../infra/db/events';
import { findPersonByTelegramId } from '../organisation/people.queries';
import type { Person } from '../../infra/db/schema';
import { localDateKey } from '../../domain/time';
import { cleanNameOf } from '../../domain/names';
import type { AppDeps } from '../../infra/deps';
import { messagesFor } from '../../infra/i18n';
import { writeMessages } from '../notify/notify';
import { inTransaction } from '../../infra/queue/effects';
import { findInstruction } from '../status/status';
import { renderDelegatedDm } from './delegate.view';

export type DelegateProblem =
  | { ok: false; error: 'usage' | 'bad_number' | 'only_head' | 'not_target' | 'no_staff' | 'gone' }
  | { ok: false; error: 'unknown'; number: string }
  | { ok: false; error: 'unknown_user'; user: string };
export type DelegateResult = { ok: true; number: string; name: string } | DelegateProblem;
/** /tugaskan without a name, or a name several staff share: the head picks one by button. */
export type DelegateChoice = { ok: 'choose'; number: string; assignmentId: number; candidates: Pick<Person, 'id' | 'name' | 'username'>[] };

interface HeadAssignment {
  head: Person;
  opdId: number;
  assignmentId: number;
  instructionId: number;
  number: string;
}

/** The OPD `who` heads today (kepala, or Plt/Plh), or null. */
async function headedOpd(deps: AppDeps, who: Person): Promise<number | null> {
  if (who.active !== 1 || who.opd_id === null) return null;
  if (who.role === 'kepala') return who.opd_id;
  const acting = await listActingHeads(deps.db, who.opd_id, localDateKey(deps.now(), deps.config.timezone));
  return acting.some((a) => a.telegram_id === who.telegram_id) ? who.opd_id : null;
}

/** Active people of the OPD other than `except`, by name. */
function staffOf(deps: AppDeps, opdId: number, except: number) {
  return deps.db
    .selectFrom('people')
    .select(['id', 'name', 'username', 'telegram_id', 'lang'])
    .where('opd_id', '=', opdId)
    .where('active', '=', 1)
    .where('id', '!=', except)
    .orderBy('name')
    .execute();
}

/**
 * /tugaskan NOMOR [@username | nama]: the OPD head hands an instruction to a staff member of
 * the same OPD. A username or a name matching one person delegates at once; no name, or a
 * name several people match, answers with buttons to choose from (staff imported from a
 * list often have no Telegram username).
 */
export async function delegate(deps: AppDeps, headTelegramId: number, args: string[]): Promise<DelegateResult | DelegateChoice> {
  const [raw, ...rest] = args;
  if (!raw) return { ok: false, error: 'usage' };
  const found = await findInstruction(deps, raw);
  if (!found.ok) return found.error === 'bad_number' ? { ok: false, error: 'bad_number' } : { ok: false, error: 'unknown', number: found.number };
  const head = await findPersonByTelegramId(deps.db, headTelegramId);
  const opdId = head ? await headedOpd(deps, head) : null;
  if (!head || opdId === null) return { ok: false, error: 'only_head' };
  const assignment = await deps.db
    .selectFrom('assignments')
    .select(['id'])
    .where('instruction_id', '=', found.value.id)
    .where('opd_id', '=', opdId)
    .where('state', '!=', 'cancelled')
    .executeTakeFirst();
  if (!assignment) return { ok: false, error: 'not_target' };
  const at: HeadAssignment = { head, opdId, assignmentId: Number(assignment.id), instructionId: found.value.id, number: found.value.number };
  const staff = await staffOf(deps, opdId, head.id);
  // A name typed to find someone: cleaned and bounded like a stored name, so that it can match
  // one and the answer that repeats it stays short.
  const query = cleanNameOf('person', rest.join(' ')).value;
  const choose = (candidates: typeof staff): DelegateChoice | DelegateProblem =>
    candidates.length
      ? { ok: 'choose', number: at.number, assignmentId: at.assignmentId, candidates: candidates.map(({ id, name, username }) => ({ id, name, username })) }
      : { ok: false, error: 'no_staff' };
  if (query === '') return choose(staff);
  let matches: typeof staff;
  if (query.startsWith('@')) {
    const username = query.slice(1).toLowerCase();
    matches = staff.filter((p) => p.username?.toLowerCase() === username);
  } else {
    const q = query.toLowerCase().replace(/\s+/g, ' ');
    const exact = staff.filter((p) => p.name.toLowerCase() === q);
    matches = exact.length ? exact : staff.filter((p) => p.name.toLowerCase().includes(q));
  }
  if (matches.length === 0) return { ok: false, error: 'unknown_user', user: query };
  if (matches.length > 1) return choose(matches);
  return assign(deps, at, matches[0]!);
}

/** A button from the list /tugaskan offered: only the head of that OPD may press it. */
export async function delegateByButton(deps: AppDeps, headTelegramId: number, assignmentId: number, personId: number): Promise<DelegateResult> {
  const head = await findPersonByTelegramId(deps.db, headTelegramId);
  const opdId = head ? await headedOpd(deps, head) : null;
  if (!head || opdId === null) return { ok: false, error: 'only_head' };
  const row = await deps.db
    .selectFrom('assignments as a')
    .innerJoin('instructions as i', 'i.id', 'a.instruction_id')
    .select(['a.id', 'a.opd_id', 'a.state', 'i.id as instruction_id', 'i.number', 'i.state as instruction_state'])
    .where('a.id', '=', assignmentId)
    .executeTakeFirst();
  if (!row || Number(row.opd_id) !== opdId) return { ok: false, error: 'not_target' };
  if (row.state === 'cancelled' || row.instruction_state !== 'open') return { ok: false, error: 'gone' };
  const target = (await staffOf(deps, opdId, head.id)).find((p) => p.id === personId);
  if (!target) return { ok: false, error: 'unknown_user', user: '' };
  return assign(deps, { head, opdId, assignmentId, instructionId: Number(row.instruction_id), number: row.number }, target);
}

async function assign(deps: AppDeps, at: HeadAssignment, target: { id: number; name: string; telegram_id: number; lang: string }): Promise<DelegateResult> {
  await inTransaction(deps, async (u) => {
    await u.trx.updateTable('assignments').set({ delegate_id: target.id, updated_at: u.now }).where('id', '=', at.assignmentId).execute();
    await recordEvent(
      u.trx,
      {
        kind: 'delegated',
        instruction_id: at.instructionId,
        assignment_id: at.assignmentId,
        opd_id: at.opdId,
        actor_telegram_id: at.head.telegram_id,
        data: { to: target.telegram_id },
      },
      u.now,
    );
    await writeMessages(u, [
      {
        chat_id: target.telegram_id,
        text: renderDelegatedDm(messagesFor(target.lang), at.number, at.head.name),
        kind: 'delegated',
        assignment_id: at.assignmentId,
        opd_id: at.opdId,
      },
    ]);
  });
  return { ok: true, number: at.number, name: target.name };
}
