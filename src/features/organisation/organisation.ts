import { recordEvent } from '../../infra/db/events';
import { findOpdByChat, findOpdByCode, linkChat, moveChat, setChatStatusByChat, upsertOpd } from './opds.queries';
import { findPersonByTelegramId, renameFrom, setRole, upsertPerson } from './people.queries';
import type { Opd, Person } from '../../infra/db/schema';
import { isRole, roleNeedsOpd } from '../../domain/permissions';
import { cleanNameOf, telegramFullName } from '../../domain/names';
import type { AppDeps } from '../../infra/deps';

export const OPD_CODE = /^[A-Z0-9_.-]{2,32}$/;

/** The name an ADMIN_IDS admin is created with, before the bot has seen them. */
export function bootstrapName(telegramId: number): string {
  return `Admin ${telegramId}`;
}

/**
 * A bootstrap admin still called "Admin <id>" takes their Telegram name the first time they
 * write to the bot (/start), instead of being greeted "Admin 999" forever. A name an admin
 * gave them, or one from an invitation, is never touched.
 */
export async function adoptTelegramName(deps: Pick<AppDeps, 'db' | 'now'>, person: Person, user: { first_name: string; last_name?: string }): Promise<Person> {
  const placeholder = bootstrapName(person.telegram_id);
  if (person.name !== placeholder) return person;
  const name = telegramFullName(user).value;
  if (name === '' || !(await renameFrom(deps.db, person.id, placeholder, name, deps.now()))) return person;
  return { ...person, name };
}

/** ADMIN_IDS are admins from the first start on, even before anyone else is set up. */
export async function ensureBootstrapAdmins(deps: Pick<AppDeps, 'db' | 'now'>, ids: number[]): Promise<void> {
  for (const telegramId of ids) {
    const existing = await findPersonByTelegramId(deps.db, telegramId);
    if (existing?.role === 'admin') continue;
    if (existing) await setRole(deps.db, existing.id, 'admin', null, deps.now());
    else await upsertPerson(deps.db, { telegram_id: telegramId, name: bootstrapName(telegramId), role: 'admin', opd_id: null }, deps.now());
  }
}

/**
 * /opd tambah KODE Nama [| Klaster]: the name and cluster are cleaned and bounded
 * (src/domain/names.ts); a name with nothing readable left is refused, a long one is cut and
 * the answer says so.
 */
export async function addOpd(deps: AppDeps, actor: Person, input: { code: string; name: string; cluster: string | null }) {
  const code = input.code.toUpperCase();
  if (!OPD_CODE.test(code)) return { ok: false as const, error: 'bad_code' as const };
  const name = cleanNameOf('opd', input.name);
  if (name.value === '') return { ok: false as const, error: 'empty_name' as const };
  const cluster = input.cluster === null ? null : cleanNameOf('cluster', input.cluster);
  const stored = { code, name: name.value, cluster: cluster?.value || null };
  const res = await upsertOpd(deps.db, stored, deps.now());
  await recordEvent(deps.db, { kind: res.created ? 'opd_added' : 'opd_updated', opd_id: res.id, actor_telegram_id: actor.telegram_id, data: stored }, deps.now());
  return { ok: true as const, created: res.created, code, name: name.value, shortened: name.shortened || (cluster?.shortened ?? false) };
}

/** /daftar KODE inside a group: that group becomes the OPD's channel for instructions. */
export async function linkGroup(deps: AppDeps, actor: Person, code: string, chat: { id: number; title: string | null }) {
  const opd = await findOpdByCode(deps.db, code);
  if (!opd) return { ok: false as const, error: 'unknown_opd' as const };
  const title = chat.title === null ? null : cleanNameOf('groupTitle', chat.title).value || null;
  await linkChat(deps.db, opd.id, chat.id, title, deps.now());
  await recordEvent(deps.db, { kind: 'group_linked', opd_id: opd.id, actor_telegram_id: actor.telegram_id, data: { chat_id: chat.id, title } }, deps.now());
  return { ok: true as const, opd };
}

export async function groupRemoved(deps: AppDeps, chatId: number): Promise<Opd | undefined> {
  const opd = await setChatStatusByChat(deps.db, chatId, 'removed', deps.now());
  if (opd) await recordEvent(deps.db, { kind: 'group_removed', opd_id: opd.id, data: { chat_id: chatId } }, deps.now());
  return opd;
}

export async function groupRejoined(deps: AppDeps, chatId: number): Promise<void> {
  const opd = await findOpdByChat(deps.db, chatId);
  if (opd && opd.chat_status !== 'linked') {
    await setChatStatusByChat(deps.db, chatId, 'linked', deps.now());
    await recordEvent(deps.db, { kind: 'group_rejoined', opd_id: opd.id, data: { chat_id: chatId } }, deps.now());
  }
}

export async function groupMigrated(deps: AppDeps, oldChatId: number, newChatId: number): Promise<Opd | undefined> {
  const opd = await moveChat(deps.db, oldChatId, newChatId, deps.now());
  if (opd) await recordEvent(deps.db, { kind: 'chat_migrated', opd_id: opd.id, data: { from: oldChatId, to: newChatId } }, deps.now());
  return opd;
}

// Invitations (/undang, opening a link, approval, /undangan) are in ./invitations.ts.

export type RoleResult =
  | { ok: true; person: Person; opd: Opd | null }
  | { ok: false; error: 'bad_id' | 'usage' | 'needs_opd' }
  | { ok: false; error: 'unknown_role'; role: string }
  | { ok: false; error: 'unknown_person'; id: string }
  | { ok: false; error: 'unknown_opd'; code: string };

/** /peran TELEGRAM_ID PERAN [KODE_OPD] */
export async function assignRole(deps: AppDeps, actor: Person, args: string[]): Promise<RoleResult> {
  const [rawId, rawRole, rawCode] = args;
  if (!rawId || !rawRole) return { ok: false, error: 'usage' };
  if (!/^\d+$/.test(rawId)) return { ok: false, error: 'bad_id' };
  const role = rawRole.toLowerCase();
  if (!isRole(role)) return { ok: false, error: 'unknown_role', role: rawRole };
  let opd: Opd | null = null;
  if (roleNeedsOpd(role)) {
    if (!rawCode) return { ok: false, error: 'needs_opd' };
    opd = (await findOpdByCode(deps.db, rawCode)) ?? null;
    if (!opd) return { ok: false, error: 'unknown_opd', code: rawCode.toUpperCase() };
  }
  const person = await findPersonByTelegramId(deps.db, Number(rawId));
  if (!person) return { ok: false, error: 'unknown_person', id: rawId };
  const now = deps.now();
  await setRole(deps.db, person.id, role, opd?.id ?? null, now);
  await recordEvent(
    deps.db,
    { kind: 'role_set', opd_id: opd?.id ?? null, actor_telegram_id: actor.telegram_id, data: { telegram_id: person.telegram_id, from: person.role, to: role } },
    now,
  );
  return { ok: true, person: { ...person, role, opd_id: opd?.id ?? null }, opd };
}
