import { recordEvent } from '../../infra/db/events';
import { findOpdById, listOpds } from './opds.queries';
import { deactivate, findPersonByTelegramId, listAllPeople, listOpdPeople, lockActiveAdmins, reactivate } from './people.queries';
import type { Opd, Person } from '../../infra/db/schema';
import type { AppDeps } from '../../infra/deps';

/** Deactivation needs only the database and the clock: the admin CLI calls it too. */
type Deps = Pick<AppDeps, 'db' | 'now'>;

/** Who did it: an admin in Telegram, or someone at the server with the admin CLI. */
export type LifecycleActor = { via: 'telegram'; telegramId: number } | { via: 'cli' };

const MAX_REASON = 500;
const MAX_SUGGESTIONS = 5;

/**
 * `/nonaktif` arguments: the person (a Telegram id, an @username or a full name) and an
 * optional reason. After an id or @username the rest is the reason; a name is followed by
 * `| reason`, since a name has spaces of its own.
 */
export function splitTargetAndReason(text: string): { ref: string; reason: string | null } {
  const trimmed = text.trim();
  const bar = trimmed.indexOf('|');
  if (bar !== -1) return { ref: trimmed.slice(0, bar).trim(), reason: trimmed.slice(bar + 1).trim() || null };
  const [first = '', ...rest] = trimmed.split(/\s+/);
  if (/^\d+$/.test(first) || /^@\w+$/.test(first)) return { ref: first, reason: rest.join(' ').trim() || null };
  return { ref: trimmed, reason: null };
}

export type Lookup =
  | { ok: true; person: Person }
  | { ok: false; error: 'usage' }
  | { ok: false; error: 'not_found'; ref: string; suggestions: Person[] }
  | { ok: false; error: 'ambiguous'; ref: string; matches: Person[] };

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('id');

/** One person by Telegram id, @username or exact full name (any case); never a guess. */
export async function findPerson(deps: Deps, ref: string): Promise<Lookup> {
  const r = ref.trim();
  if (r === '') return { ok: false, error: 'usage' };
  if (/^\d+$/.test(r)) {
    const person = Number.isSafeInteger(Number(r)) ? await findPersonByTelegramId(deps.db, Number(r)) : undefined;
    return person ? { ok: true, person } : { ok: false, error: 'not_found', ref: r, suggestions: [] };
  }
  const people = await listAllPeople(deps.db);
  if (r.startsWith('@')) {
    const username = norm(r.slice(1));
    const person = people.find((p) => p.username !== null && norm(p.username) === username);
    return person ? { ok: true, person } : { ok: false, error: 'not_found', ref: r, suggestions: [] };
  }
  const name = norm(r);
  const matches = people.filter((p) => norm(p.name) === name);
  if (matches.length === 1) return { ok: true, person: matches[0]! };
  if (matches.length > 1) return { ok: false, error: 'ambiguous', ref: r, matches };
  const suggestions = people.filter((p) => norm(p.name).includes(name) || name.split(' ').some((w) => w.length >= 3 && norm(p.name).includes(w))).slice(0, MAX_SUGGESTIONS);
  return { ok: false, error: 'not_found', ref: r, suggestions };
}

export type DeactivateResult =
  | { ok: true; person: Person; opd: Opd | null; reason: string | null; headless: boolean }
  | Exclude<Lookup, { ok: true }>
  | { ok: false; error: 'already_inactive'; person: Person }
  | { ok: false; error: 'last_admin'; person: Person };

/**
 * /nonaktif (and `npm run admin -- nonaktif`): the person is refused everything from now on;
 * their history stays. The last active admin cannot be deactivated. When a kepala goes, the
 * result says whether the OPD is left without an active head.
 */
export async function deactivatePerson(deps: Deps, actor: LifecycleActor, text: string): Promise<DeactivateResult> {
  const { ref, reason: rawReason } = splitTargetAndReason(text);
  const found = await findPerson(deps, ref);
  if (!found.ok) return found;
  const person = found.person;
  if (person.active !== 1) return { ok: false, error: 'already_inactive', person };
  const reason = rawReason ? rawReason.slice(0, MAX_REASON) : null;
  const now = deps.now();
  const by = actor.via === 'telegram' ? actor.telegramId : null;
  const outcome = await deps.db.transaction().execute(async (trx) => {
    if (person.role === 'admin' && (await lockActiveAdmins(trx)).every((id) => id === person.id)) return 'last_admin' as const;
    if (!(await deactivate(trx, person.id, by, reason, now))) return 'already_inactive' as const;
    await recordEvent(
      trx,
      {
        kind: 'person_deactivated',
        opd_id: person.opd_id,
        actor_telegram_id: by,
        data: { telegram_id: person.telegram_id, name: person.name, role: person.role, reason, via: actor.via },
      },
      now,
    );
    return person.role === 'kepala' && person.opd_id !== null && (await listOpdPeople(trx, person.opd_id, ['kepala'])).length === 0 ? ('headless' as const) : ('done' as const);
  });
  if (outcome === 'last_admin' || outcome === 'already_inactive') return { ok: false, error: outcome, person };
  const opd = person.opd_id === null ? null : ((await findOpdById(deps.db, person.opd_id)) ?? null);
  return { ok: true, person: { ...person, active: 0, deactivated_at: now, deactivated_by: by, deactivation_reason: reason }, opd, reason, headless: outcome === 'headless' };
}

export type ReactivateResult = { ok: true; person: Person; opd: Opd | null } | Exclude<Lookup, { ok: true }> | { ok: false; error: 'already_active'; person: Person };

/** /aktifkan (and `npm run admin -- aktifkan`): undoes a deactivation, with the role and OPD the person had. */
export async function reactivatePerson(deps: Deps, actor: LifecycleActor, text: string): Promise<ReactivateResult> {
  const found = await findPerson(deps, splitTargetAndReason(text).ref);
  if (!found.ok) return found;
  const person = found.person;
  const now = deps.now();
  const by = actor.via === 'telegram' ? actor.telegramId : null;
  const done = await deps.db.transaction().execute(async (trx) => {
    if (!(await reactivate(trx, person.id, now))) return false;
    await recordEvent(
      trx,
      {
        kind: 'person_reactivated',
        opd_id: person.opd_id,
        actor_telegram_id: by,
        data: { telegram_id: person.telegram_id, name: person.name, role: person.role, inactive_since: person.deactivated_at, via: actor.via },
      },
      now,
    );
    return true;
  });
  if (!done) return { ok: false, error: 'already_active', person };
  const opd = person.opd_id === null ? null : ((await findOpdById(deps.db, person.opd_id)) ?? null);
  return { ok: true, person: { ...person, active: 1, deactivated_at: null, deactivated_by: null, deactivation_reason: null }, opd };
}

/** The OPD of each listed person, for showing candidates (suggestions, namesakes). */
export async function opdCodes(deps: Deps, people: Person[]): Promise<Map<number, string>> {
  const codes = new Map<number, string>();
  for (const id of new Set(people.map((p) => p.opd_id).filter((x): x is number => x !== null))) {
    const opd = await findOpdById(deps.db, id);
    if (opd) codes.set(id, opd.code);
  }
  return codes;
}

export interface ListedPerson {
  person: Person;
  /** The OPD's code, null for people outside any OPD (pimpinan, sekretariat, admin). */
  opdCode: string | null;
}

/**
 * `/pengguna [cari TEKS]` and `npm run admin -- people [TEKS]` (issue #15): every registered
 * person, active or not, by name; with a query, those whose name, @username, OPD code or
 * Telegram id contains it (any case).
 */
export async function listPeople(deps: Deps, query: string | null): Promise<ListedPerson[]> {
  const opds = await listOpds(deps.db);
  const code = new Map(opds.map((o) => [o.id, o.code]));
  const all = (await listAllPeople(deps.db)).map((person) => ({ person, opdCode: person.opd_id === null ? null : (code.get(person.opd_id) ?? null) }));
  const q = query === null ? '' : norm(query.replace(/^@/, ''));
  if (q === '') return all;
  return all.filter(
    ({ person: p, opdCode }) =>
      norm(p.name).includes(q) || (p.username !== null && norm(p.username).includes(q)) || (opdCode !== null && norm(opdCode).includes(q)) || String(p.telegram_id).includes(q),
  );
}

/** The search text of `/pengguna cari TEKS` (or `/pengguna TEKS`); null lists everyone. */
export function peopleQuery(text: string): string | null {
  const q = text
    .trim()
    .replace(/^cari(\s+|$)/i, '')
    .trim();
  return q === '' ? null : q;
}
