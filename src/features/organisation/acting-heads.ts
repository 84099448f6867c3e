import { addActingHead, listActingHeads, removeActingHeads } from './acting-heads.queries';
import { recordEvent } from '../../infra/db/events';
import { findOpdByCode } from './opds.queries';
import { findPersonByTelegramId } from './people.queries';
import type { Opd, Person } from '../../infra/db/schema';
import type { AppDeps } from '../../infra/deps';

/** "28/11/2026" or "2026-11-28" → "2026-11-28"; null when not a real date. */
export function parseDateKey(s: string): string | null {
  let y: number, m: number, d: number;
  const dmy = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(s.trim());
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (dmy) [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export type ActingResult =
  | { ok: true; action: 'set'; person: Person; opd: Opd; from: string; to: string }
  | { ok: true; action: 'removed'; opd: Opd; count: number }
  | { ok: true; action: 'list'; opd: Opd; entries: Awaited<ReturnType<typeof listActingHeads>> }
  | { ok: false; error: 'usage' | 'bad_dates' }
  | { ok: false; error: 'unknown_opd'; code: string }
  | { ok: false; error: 'unknown_person'; id: string };

/** /plt KODE TELEGRAM_ID DARI SAMPAI | /plt KODE hapus | /plt KODE */
export async function manageActingHead(deps: AppDeps, actor: Person, args: string[]): Promise<ActingResult> {
  const [code, who, from, to] = args;
  if (!code) return { ok: false, error: 'usage' };
  const opd = await findOpdByCode(deps.db, code);
  if (!opd) return { ok: false, error: 'unknown_opd', code: code.toUpperCase() };
  const now = deps.now();
  if (who === undefined) return { ok: true, action: 'list', opd, entries: await listActingHeads(deps.db, opd.id) };
  if (who.toLowerCase() === 'hapus') {
    const count = await removeActingHeads(deps.db, opd.id);
    await recordEvent(deps.db, { kind: 'acting_head_removed', opd_id: opd.id, actor_telegram_id: actor.telegram_id }, now);
    return { ok: true, action: 'removed', opd, count };
  }
  if (!/^\d+$/.test(who) || !from || !to) return { ok: false, error: 'usage' };
  const fromKey = parseDateKey(from);
  const toKey = parseDateKey(to);
  if (!fromKey || !toKey || toKey < fromKey) return { ok: false, error: 'bad_dates' };
  const person = await findPersonByTelegramId(deps.db, Number(who));
  if (!person) return { ok: false, error: 'unknown_person', id: who };
  await addActingHead(deps.db, { opd_id: opd.id, person_id: person.id, from_date: fromKey, to_date: toKey, created_by: actor.telegram_id }, now);
  await recordEvent(
    deps.db,
    { kind: 'acting_head_set', opd_id: opd.id, actor_telegram_id: actor.telegram_id, data: { telegram_id: person.telegram_id, from: fromKey, to: toKey } },
    now,
  );
  return { ok: true, action: 'set', person, opd, from: fromKey, to: toKey };
}
