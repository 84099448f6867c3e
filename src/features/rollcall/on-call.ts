import { recordEvent } from '../../infra/db/events';
import type { Person } from '../../infra/db/schema';
import { roleNeedsOpd } from '../../domain/permissions';
import type { AppDeps } from '../../infra/deps';
import { findOpdById } from '../organisation/opds.queries';
import { findPersonByTelegramId } from '../organisation/people.queries';
import { listOnCall, setOnCall } from './rollcalls.queries';

export type OnCallResult =
  | { ok: true; action: 'list'; rows: Array<{ opd_code: string; name: string; telegram_id: number }> }
  | { ok: true; action: 'on'; name: string; opdCode: string }
  | { ok: true; action: 'off'; name: string }
  | { ok: false; error: 'usage' }
  | { ok: false; error: 'unknown_person'; id: string }
  | { ok: false; error: 'not_member'; name: string };

/** /piket [ID on|off]: mark an OPD member as on call for roll-calls, or list who is. */
export async function manageOnCall(deps: AppDeps, actor: Person, words: string[]): Promise<OnCallResult> {
  if (words.length === 0) {
    const rows = await listOnCall(deps.db);
    return { ok: true, action: 'list', rows: rows.filter((r) => r.active === 1).map((r) => ({ opd_code: r.opd_code, name: r.name, telegram_id: Number(r.telegram_id) })) };
  }
  const [who, flag] = words;
  const on = /^(on|ya|aktif)$/i.test(flag ?? '');
  const off = /^(off|tidak|mati)$/i.test(flag ?? '');
  if (words.length !== 2 || !/^\d{1,15}$/.test(who!) || (!on && !off)) return { ok: false, error: 'usage' };
  const person = await findPersonByTelegramId(deps.db, Number(who));
  if (!person) return { ok: false, error: 'unknown_person', id: who! };
  if (on && (!roleNeedsOpd(person.role) || person.opd_id === null)) return { ok: false, error: 'not_member', name: person.name };
  const now = deps.now();
  await setOnCall(deps.db, person.id, on, now);
  await recordEvent(
    deps.db,
    { kind: on ? 'on_call_set' : 'on_call_removed', opd_id: person.opd_id, actor_telegram_id: actor.telegram_id, data: { telegram_id: person.telegram_id } },
    now,
  );
  if (!on) return { ok: true, action: 'off', name: person.name };
  const opd = await findOpdById(deps.db, person.opd_id!);
  return { ok: true, action: 'on', name: person.name, opdCode: opd?.code ?? '-' };
}
