import { randomBytes } from 'node:crypto';
import { recordEvent } from '../../infra/db/events';
import {
  consumeInvitation,
  createInvitation,
  findInvitation,
  findInvitationById,
  listOpenInvitations,
  revokeInvitation,
  type OpenInvitation,
} from '../organisation/invitations.queries';
import { decideJoinRequest, findJoinRequest, findJoinRequestFor, insertJoinRequest } from './join-requests.queries';
import { findOpdByCode, findOpdById } from '../organisation/opds.queries';
import { findPersonByTelegramId, listPeopleByRole, upsertPerson } from '../organisation/people.queries';
import type { Invitation, Opd, Person, Role } from '../../infra/db/schema';
import { inviteFit, inviteNeedsApproval } from '../../domain/invitation';
import { telegramFullName } from '../../domain/names';
import { can } from '../../domain/permissions';
import type { AppDeps } from '../../infra/deps';
import { messagesFor } from '../../infra/i18n';
import { inTransaction } from '../../infra/queue/effects';
import { writeMessages } from '../notify/notify';
import { renderJoinDecision, renderJoinRequest } from './invite.view';

/** /undang KODE kepala|staf → a t.me deep link that registers whoever opens it (INVITE_MAX_USES people). */
export async function createInvite(deps: AppDeps, actor: Person, code: string, role: string) {
  if (role !== 'kepala' && role !== 'staf') return { ok: false as const, error: 'usage' as const };
  const opd = await findOpdByCode(deps.db, code);
  if (!opd) return { ok: false as const, error: 'unknown_opd' as const };
  const now = deps.now();
  const token = randomBytes(12).toString('base64url');
  const expiresAt = now + deps.config.inviteTtlMs;
  const id = await createInvitation(deps.db, { code: token, opd_id: opd.id, role, created_by: actor.telegram_id, max_uses: deps.config.inviteMaxUses, expires_at: expiresAt }, now);
  await recordEvent(deps.db, { kind: 'invite_created', opd_id: opd.id, actor_telegram_id: actor.telegram_id, data: { invitation: id, role } }, now);
  return {
    ok: true as const,
    id,
    opd,
    role,
    link: `https://t.me/${deps.botUsername}?start=${token}`,
    expiresAt,
    maxUses: deps.config.inviteMaxUses,
    needsApproval: inviteNeedsApproval(role, deps.config.inviteApproval),
  };
}

export type InviteResult =
  | { ok: true; pending: false; person: Person; opd: Opd }
  | { ok: true; pending: true; role: Role; opd: Opd }
  | { ok: false; error: 'invalid' | 'revoked' | 'expired' | 'used_up' | 'inactive' | 'rejected' }
  | { ok: false; error: 'higher_role'; role: Role }
  | { ok: false; error: 'already_member'; role: Role; opd: Opd | null };

type TelegramUser = { id: number; first_name: string; last_name?: string; username?: string };

/**
 * Opening the deep link. Someone new joins that OPD with that role, or, for a role that needs
 * approval (INVITE_APPROVAL), asks the admins; a member already in place is never demoted or
 * moved, a deactivated person is refused, and a revoked, expired or used-up link says so.
 */
export async function acceptInvite(deps: AppDeps, token: string, user: TelegramUser): Promise<InviteResult> {
  const now = deps.now();
  const inv = await findInvitation(deps.db, token);
  if (!inv) return { ok: false, error: 'invalid' };
  if (inv.revoked_at !== null) return { ok: false, error: 'revoked' };
  if (inv.expires_at <= now) return { ok: false, error: 'expired' };
  const existing = await findPersonByTelegramId(deps.db, user.id);
  const opd = (await findOpdById(deps.db, inv.opd_id))!;
  const fit = inviteFit(existing, inv);
  if (fit === 'inactive') return { ok: false, error: 'inactive' };
  if (fit === 'higher_role') return { ok: false, error: 'higher_role', role: existing!.role };
  if (fit === 'already_member')
    return { ok: false, error: 'already_member', role: existing!.role, opd: existing!.opd_id === null ? null : ((await findOpdById(deps.db, existing!.opd_id)) ?? null) };
  const name = telegramFullName(user).value || String(user.id);
  if (fit === 'same') {
    // Opening one's own link again spends no use and changes nothing but the name Telegram shows.
    await upsertPerson(deps.db, { telegram_id: user.id, name, username: user.username ?? null, role: inv.role, opd_id: inv.opd_id }, now);
    return { ok: true, pending: false, person: (await findPersonByTelegramId(deps.db, user.id))!, opd };
  }
  if (inviteNeedsApproval(inv.role, deps.config.inviteApproval)) return requestApproval(deps, inv, opd, user, name);
  const joined = await deps.db.transaction().execute(async (trx) => {
    if (!(await consumeInvitation(trx, inv.id))) return false;
    await upsertPerson(trx, { telegram_id: user.id, name, username: user.username ?? null, role: inv.role, opd_id: inv.opd_id }, now);
    await recordEvent(
      trx,
      { kind: 'invite_accepted', opd_id: inv.opd_id, actor_telegram_id: user.id, data: { invitation: inv.id, role: inv.role, from: existing?.role ?? null } },
      now,
    );
    return true;
  });
  if (!joined) return { ok: false, error: 'used_up' };
  return { ok: true, pending: false, person: (await findPersonByTelegramId(deps.db, user.id))!, opd };
}

/** A link whose role needs approval: one use is spent on a pending request, and every active admin is asked. */
async function requestApproval(deps: AppDeps, inv: Invitation, opd: Opd, user: TelegramUser, name: string): Promise<InviteResult> {
  const prior = await findJoinRequestFor(deps.db, inv.id, user.id);
  if (prior?.state === 'pending') return { ok: true, pending: true, role: inv.role, opd };
  if (prior?.state === 'rejected') return { ok: false, error: 'rejected' };
  // Approved before, and changed by an admin since: the link was used.
  if (prior) return { ok: false, error: 'used_up' };
  const creator = await findPersonByTelegramId(deps.db, inv.created_by);
  const admins = await listPeopleByRole(deps.db, ['admin']);
  const requested = await inTransaction(deps, async (u) => {
    if (!(await consumeInvitation(u.trx, inv.id))) return false;
    const username = user.username ?? null;
    const requestId = await insertJoinRequest(u.trx, { invitation_id: inv.id, opd_id: inv.opd_id, role: inv.role, telegram_id: user.id, name, username }, u.now);
    await recordEvent(u.trx, { kind: 'join_requested', opd_id: inv.opd_id, actor_telegram_id: user.id, data: { invitation: inv.id, request: requestId, role: inv.role } }, u.now);
    await writeMessages(
      u,
      admins.map((a) => {
        const { text, buttons } = renderJoinRequest(messagesFor(a.lang), {
          requestId,
          name,
          username,
          telegramId: user.id,
          role: inv.role,
          opdCode: opd.code,
          opdName: opd.name,
          creator: creator?.name ?? String(inv.created_by),
        });
        return { chat_id: a.telegram_id, text, kind: 'join_request', opd_id: opd.id, priority: 2, buttons };
      }),
    );
    return true;
  });
  return requested ? { ok: true, pending: true, role: inv.role, opd } : { ok: false, error: 'used_up' };
}

export type JoinDecisionResult =
  | { ok: true; approved: boolean; name: string; role: Role; opd: Opd; person: Person | null }
  | { ok: false; reason: 'not_admin' | 'unknown' }
  | { ok: false; reason: 'already_decided'; approved: boolean; by: string }
  | { ok: false; reason: 'conflict'; role: Role };

/** Setujui / Tolak by an admin, once; the person is told the outcome. */
export async function decideJoin(deps: AppDeps, requestId: number, adminTelegramId: number, approve: boolean): Promise<JoinDecisionResult> {
  const admin = await findPersonByTelegramId(deps.db, adminTelegramId);
  if (!can(admin, 'admin')) return { ok: false, reason: 'not_admin' };
  const req = await findJoinRequest(deps.db, requestId);
  if (!req) return { ok: false, reason: 'unknown' };
  if (req.state !== 'pending') return { ok: false, reason: 'already_decided', approved: req.state === 'approved', by: await nameOf(deps, req.decided_by) };
  const opd = (await findOpdById(deps.db, req.opd_id))!;
  const existing = await findPersonByTelegramId(deps.db, req.telegram_id);
  // Checked again: an admin may have registered, moved or deactivated the person meanwhile.
  const fit = inviteFit(existing, req);
  if (approve && fit !== 'join' && fit !== 'same') return { ok: false, reason: 'conflict', role: existing!.role };
  const decided = await inTransaction(deps, async (u) => {
    if (!(await decideJoinRequest(u.trx, requestId, approve, adminTelegramId, u.now))) return false;
    if (approve) await upsertPerson(u.trx, { telegram_id: req.telegram_id, name: req.name, username: req.username, role: req.role, opd_id: req.opd_id }, u.now);
    await recordEvent(
      u.trx,
      {
        kind: approve ? 'join_approved' : 'join_rejected',
        opd_id: req.opd_id,
        actor_telegram_id: adminTelegramId,
        data: { request: requestId, invitation: req.invitation_id, telegram_id: req.telegram_id, role: req.role, from: existing?.role ?? null },
      },
      u.now,
    );
    const t = messagesFor(existing?.lang);
    await writeMessages(u, [
      {
        chat_id: req.telegram_id,
        text: renderJoinDecision(t, approve, { name: req.name, role: req.role, opdCode: opd.code, opdName: opd.name }),
        kind: 'join_decision',
        opd_id: opd.id,
        priority: 2,
      },
    ]);
    return true;
  });
  if (!decided) {
    // Another admin pressed first.
    const first = (await findJoinRequest(deps.db, requestId))!;
    return { ok: false, reason: 'already_decided', approved: first.state === 'approved', by: await nameOf(deps, first.decided_by) };
  }
  const person = approve ? ((await findPersonByTelegramId(deps.db, req.telegram_id)) ?? null) : null;
  return { ok: true, approved: approve, name: req.name, role: req.role, opd, person };
}

async function nameOf(deps: AppDeps, telegramId: number | null): Promise<string> {
  if (telegramId === null) return '-';
  return (await findPersonByTelegramId(deps.db, telegramId))?.name ?? String(telegramId);
}

/** /undangan: every link that can still be used, oldest first. */
export function openInvitations(deps: AppDeps): Promise<OpenInvitation[]> {
  return listOpenInvitations(deps.db, deps.now());
}

export type RevokeResult =
  | { ok: true; id: number; role: Role; opd: Opd }
  | { ok: false; error: 'usage' }
  | { ok: false; error: 'unknown'; ref: string }
  | { ok: false; error: 'already'; id: number };

/**
 * /undangan cabut NOMOR (or the link or its token): whoever opens the link afterwards is told
 * it was revoked. A request already made with it stays for the admins to decide.
 */
export async function revokeInvite(deps: AppDeps, actor: Person, ref: string | undefined): Promise<RevokeResult> {
  const raw = ref?.trim() ?? '';
  if (raw === '') return { ok: false, error: 'usage' };
  const number = /^#?(\d{1,15})$/.exec(raw);
  const token = /(?:start=)?([\w-]{8,64})$/.exec(raw)?.[1];
  const inv = number ? await findInvitationById(deps.db, Number(number[1])) : token ? await findInvitation(deps.db, token) : undefined;
  if (!inv) return { ok: false, error: 'unknown', ref: raw };
  const now = deps.now();
  const revoked = await deps.db.transaction().execute(async (trx) => {
    if (!(await revokeInvitation(trx, inv.id, actor.telegram_id, now))) return false;
    await recordEvent(trx, { kind: 'invite_revoked', opd_id: inv.opd_id, actor_telegram_id: actor.telegram_id, data: { invitation: inv.id, role: inv.role, uses: inv.uses } }, now);
    return true;
  });
  if (!revoked) return { ok: false, error: 'already', id: inv.id };
  return { ok: true, id: inv.id, role: inv.role, opd: (await findOpdById(deps.db, inv.opd_id))! };
}
