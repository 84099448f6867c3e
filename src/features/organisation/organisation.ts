import { randomBytes } from 'node:crypto';
import { recordEvent } from '../../infra/db/events';
import { consumeInvitation, createInvitation, findInvitation } from './invitations.queries';
import { findOpdByChat, findOpdByCode, findOpdById, linkChat, moveChat, setChatStatusByChat, upsertOpd } from './opds.queries';
import { findPersonByTelegramId, setRole, upsertPerson } from './people.queries';
import type { Opd, Person, Role } from '../../infra/db/schema';
import { isRole, roleNeedsOpd } from '../../domain/permissions';
import type { AppDeps } from '../../infra/deps';

export const OPD_CODE = /^[A-Z0-9_.-]{2,32}$/;

/** ADMIN_IDS are admins from the first start on, even before anyone else is set up. */
export async function ensureBootstrapAdmins(deps: Pick<AppDeps, 'db' | 'now'>, ids: number[]): Promise<void> {
  for (const telegramId of ids) {
    const existing = await findPersonByTelegramId(deps.db, telegramId);
    if (existing?.role === 'admin') continue;
    if (existing) await setRole(deps.db, existing.id, 'admin', null, deps.now());
    else await upsertPerson(deps.db, { telegram_id: telegramId, name: `Admin ${telegramId}`, role: 'admin', opd_id: null }, deps.now());
  }
}

export async function addOpd(deps: AppDeps, actor: Person, input: { code: string; name: string; cluster: string | null }) {
  const code = input.code.toUpperCase();
  if (!OPD_CODE.test(code)) return { ok: false as const, error: 'bad_code' as const };
  const res = await upsertOpd(deps.db, { code, name: input.name, cluster: input.cluster }, deps.now());
  await recordEvent(deps.db, { kind: res.created ? 'opd_added' : 'opd_updated', opd_id: res.id, actor_telegram_id: actor.telegram_id, data: input }, deps.now());
  return { ok: true as const, created: res.created, code };
}

/** /daftar KODE inside a group: that group becomes the OPD's channel for instructions. */
export async function linkGroup(deps: AppDeps, actor: Person, code: string, chat: { id: number; title: string | null }) {
  const opd = await findOpdByCode(deps.db, code);
  if (!opd) return { ok: false as const, error: 'unknown_opd' as const };
  await linkChat(deps.db, opd.id, chat.id, chat.title, deps.now());
  await recordEvent(deps.db, { kind: 'group_linked', opd_id: opd.id, actor_telegram_id: actor.telegram_id, data: { chat_id: chat.id, title: chat.title } }, deps.now());
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

/** /undang KODE kepala|staf → a t.me deep link that registers whoever opens it. */
export async function createInvite(deps: AppDeps, actor: Person, code: string, role: string) {
  if (role !== 'kepala' && role !== 'staf') return { ok: false as const, error: 'usage' as const };
  const opd = await findOpdByCode(deps.db, code);
  if (!opd) return { ok: false as const, error: 'unknown_opd' as const };
  const now = deps.now();
  const token = randomBytes(12).toString('base64url');
  const expiresAt = now + deps.config.inviteTtlMs;
  await createInvitation(deps.db, { code: token, opd_id: opd.id, role, created_by: actor.telegram_id, max_uses: deps.config.inviteMaxUses, expires_at: expiresAt }, now);
  await recordEvent(deps.db, { kind: 'invite_created', opd_id: opd.id, actor_telegram_id: actor.telegram_id, data: { role } }, now);
  return { ok: true as const, opd, role, link: `https://t.me/${deps.botUsername}?start=${token}`, expiresAt, maxUses: deps.config.inviteMaxUses };
}

export type InviteResult = { ok: true; person: Person; opd: Opd } | { ok: false; error: 'invalid' | 'expired' | 'used_up' } | { ok: false; error: 'higher_role'; role: Role };

/** Opening the deep link: the person joins that OPD with that role. */
export async function acceptInvite(deps: AppDeps, token: string, user: { id: number; first_name: string; last_name?: string; username?: string }): Promise<InviteResult> {
  const now = deps.now();
  const inv = await findInvitation(deps.db, token);
  if (!inv) return { ok: false, error: 'invalid' };
  if (inv.expires_at <= now) return { ok: false, error: 'expired' };
  const existing = await findPersonByTelegramId(deps.db, user.id);
  if (existing && !roleNeedsOpd(existing.role)) return { ok: false, error: 'higher_role', role: existing.role };
  // Re-opening the same OPD's link by an existing member does not spend a use.
  const alreadyThere = existing && existing.opd_id === inv.opd_id && existing.role === inv.role;
  if (!alreadyThere && !(await consumeInvitation(deps.db, inv.id))) return { ok: false, error: 'used_up' };
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
  await upsertPerson(deps.db, { telegram_id: user.id, name, username: user.username ?? null, role: inv.role, opd_id: inv.opd_id }, now);
  await recordEvent(deps.db, { kind: 'invite_accepted', opd_id: inv.opd_id, actor_telegram_id: user.id, data: { role: inv.role } }, now);
  const person = (await findPersonByTelegramId(deps.db, user.id))!;
  const opd = (await findOpdById(deps.db, inv.opd_id))!;
  return { ok: true, person, opd };
}

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
