import { Composer, InlineKeyboard } from 'grammy';
import { escapeHtml } from '../src/domain/text';
import type { Person } from '../src/infra/db/schema';
import type { Messages } from '../src/infra/i18n';
import { syncCommandsFor } from '../src/features/organisation/commands-menu';
import { decideJoin, openInvitations, revokeInvite, type JoinDecisionResult, type RevokeResult } from '../src/features/invite/invite';
import { invitationButtons } from '../src/features/invite/invite.callbacks';
import { deactivatePerson, listPeople, opdCodes, peopleQuery, reactivatePerson, type DeactivateResult, type ReactivateResult } from '../src/features/organisation/people-lifecycle';
import { peopleButtons } from '../src/features/organisation/people.callbacks';
import { pageWith } from '../src/infra/telegram/paging';
import type { BotContext } from '../src/infra/telegram/context';
import { args, guard, replyHtml } from '../src/infra/telegram/middleware';

/**
 * People and invitations over time: /nonaktif and /aktifkan, /undangan (open links, revoking
 * them), and the admins' Setujui / Tolak on a registration request.
 */
export const peopleHandler = new Composer<BotContext>();

/** Buttons on the /undangan list; more links than this are revoked with /undangan cabut. */
const MAX_REVOKE_BUTTONS = 30;

const opdLabel = (o: { code: string; name: string }) => `<b>${escapeHtml(o.code)}</b> — ${escapeHtml(o.name)}`;

async function personLines(ctx: BotContext, people: Person[]): Promise<string[]> {
  const codes = await opdCodes(ctx.deps, people);
  return people.map((p) =>
    ctx.t.personLine(escapeHtml(p.name), ctx.t.roleName[p.role] ?? p.role, p.opd_id === null ? null : escapeHtml(codes.get(p.opd_id) ?? ''), p.telegram_id, p.active === 1),
  );
}

async function lifecycleProblem(ctx: BotContext, res: Exclude<DeactivateResult | ReactivateResult, { ok: true }>, usage: string): Promise<string> {
  const t = ctx.t;
  switch (res.error) {
    case 'usage':
      return usage;
    case 'not_found': {
      const lines = res.suggestions.length > 0 ? [t.personSuggestions, ...(await personLines(ctx, res.suggestions))] : [];
      return [t.personNotFound(escapeHtml(res.ref)), ...lines, '', usage].join('\n');
    }
    case 'ambiguous':
      return [t.personAmbiguous(escapeHtml(res.ref)), ...(await personLines(ctx, res.matches))].join('\n');
    case 'already_inactive':
      return t.alreadyInactive(escapeHtml(res.person.name), res.person.deactivated_at === null ? '-' : t.fmt.dateTime(res.person.deactivated_at, ctx.deps.config.timezone));
    case 'last_admin':
      return t.lastAdmin(escapeHtml(res.person.name));
    case 'already_active':
      return t.alreadyActive(escapeHtml(res.person.name));
  }
}

/** People per page of /pengguna (one line each). */
const PEOPLE_PER_PAGE = 20;

/** One page of /pengguna: name, role, OPD, Telegram id, inactive marked; the search text kept in the buttons. */
async function peopleScreen(ctx: BotContext, query: string | null, pageNo: number): Promise<{ text: string; keyboard: InlineKeyboard | undefined }> {
  const found = await listPeople(ctx.deps, query);
  const q = query === null ? null : escapeHtml(query);
  if (found.length === 0) return { text: ctx.t.peopleNone(q), keyboard: undefined };
  const pg = pageWith(ctx.t, found, pageNo, (p) => peopleButtons.page.pack({ page: p, query: query ?? '' }), PEOPLE_PER_PAGE);
  const lines = pg.slice.map(({ person: p, opdCode }) =>
    ctx.t.personLine(escapeHtml(p.name), ctx.t.roleName[p.role] ?? p.role, opdCode === null ? null : escapeHtml(opdCode), p.telegram_id, p.active === 1),
  );
  const text = [ctx.t.peopleHeader(found.length, q), ...lines, '', ...(pg.footer ? [pg.footer] : []), ctx.t.peopleFooter].join('\n');
  return { text, keyboard: pg.keyboard };
}

peopleHandler.command('pengguna', guard('pengguna'), async (ctx) => {
  const screen = await peopleScreen(ctx, peopleQuery(ctx.match), 0);
  await replyHtml(ctx, screen.text, screen.keyboard ? { reply_markup: screen.keyboard } : {});
});

peopleHandler.callbackQuery(peopleButtons.page.filter, guard('pengguna'), async (ctx) => {
  const { page, query } = peopleButtons.page.unpack(ctx.callbackQuery.data)!;
  const screen = await peopleScreen(ctx, query === '' ? null : query, page);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(screen.text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, reply_markup: screen.keyboard }).catch(() => undefined);
});

peopleHandler.command('nonaktif', guard('nonaktif'), async (ctx) => {
  if (ctx.match.trim() === '') return replyHtml(ctx, ctx.t.deactivateUsage);
  const res = await deactivatePerson(ctx.deps, { via: 'telegram', telegramId: ctx.from!.id }, ctx.match);
  if (!res.ok) return replyHtml(ctx, await lifecycleProblem(ctx, res, ctx.t.deactivateUsage));
  ctx.log.info({ telegramId: res.person.telegram_id, role: res.person.role, headless: res.headless }, 'person deactivated');
  // Their own menu shrinks to a guest's.
  await syncCommandsFor(ctx.deps, res.person);
  const role = ctx.t.roleName[res.person.role] ?? res.person.role;
  const lines = [
    ctx.t.deactivated(escapeHtml(res.person.name), res.opd ? `${role} ${escapeHtml(res.opd.code)}` : role, res.reason ? escapeHtml(res.reason) : null, res.person.telegram_id),
  ];
  if (res.headless && res.opd) lines.push(ctx.t.deactivatedHeadless(opdLabel(res.opd)));
  await replyHtml(ctx, lines.join('\n\n'));
});

peopleHandler.command('aktifkan', guard('aktifkan'), async (ctx) => {
  if (ctx.match.trim() === '') return replyHtml(ctx, ctx.t.activateUsage);
  const res = await reactivatePerson(ctx.deps, { via: 'telegram', telegramId: ctx.from!.id }, ctx.match);
  if (!res.ok) return replyHtml(ctx, await lifecycleProblem(ctx, res, ctx.t.activateUsage));
  ctx.log.info({ telegramId: res.person.telegram_id, role: res.person.role }, 'person reactivated');
  await syncCommandsFor(ctx.deps, res.person);
  await replyHtml(ctx, ctx.t.reactivated(escapeHtml(res.person.name), ctx.t.roleName[res.person.role] ?? res.person.role, res.opd ? opdLabel(res.opd) : null));
});

function revokeAnswer(t: Messages, res: RevokeResult): string {
  if (res.ok) return t.inviteRevokedOk(res.id, t.roleName[res.role] ?? res.role, opdLabel(res.opd));
  if (res.error === 'usage') return t.invitesUsage;
  if (res.error === 'already') return t.inviteRevokeAlready(res.id);
  return t.inviteRevokeUnknown(escapeHtml(res.ref));
}

peopleHandler.command('undangan', guard('undangan'), async (ctx) => {
  const [sub, ref, ...extra] = args(ctx.match);
  if (sub === undefined) {
    const open = await openInvitations(ctx.deps);
    if (open.length === 0) return replyHtml(ctx, ctx.t.invitesEmpty);
    const tz = ctx.deps.config.timezone;
    const lines = open.map((i) =>
      ctx.t.inviteLine(
        i.id,
        ctx.t.roleName[i.role] ?? i.role,
        opdLabel({ code: i.opd_code, name: i.opd_name }),
        i.uses,
        i.max_uses,
        ctx.t.fmt.shortDateTime(i.expires_at, tz),
        escapeHtml(i.creator_name ?? String(i.created_by)),
      ),
    );
    const keyboard = new InlineKeyboard();
    for (const i of open.slice(0, MAX_REVOKE_BUTTONS))
      keyboard
        .text(ctx.t.btnRevoke(i.id), invitationButtons.revoke.pack({ invitation: i.id }))
        .danger()
        .row();
    return replyHtml(ctx, [ctx.t.invitesHeader(open.length), ...lines, '', ctx.t.invitesFooter].join('\n'), { reply_markup: keyboard });
  }
  if (sub.toLowerCase() !== 'cabut' || !ref || extra.length > 0) return replyHtml(ctx, ctx.t.invitesUsage);
  const res = await revokeInvite(ctx.deps, ctx.person!, ref);
  if (res.ok) ctx.log.info({ invitation: res.id, opd: res.opd.code }, 'invitation revoked');
  await replyHtml(ctx, revokeAnswer(ctx.t, res));
});

peopleHandler.callbackQuery(invitationButtons.revoke.filter, guard('undangan'), async (ctx) => {
  const { invitation } = invitationButtons.revoke.unpack(ctx.callbackQuery.data)!;
  const res = await revokeInvite(ctx.deps, ctx.person!, String(invitation));
  await ctx.answerCallbackQuery();
  if (res.ok) ctx.log.info({ invitation: res.id, opd: res.opd.code }, 'invitation revoked');
  await replyHtml(ctx, revokeAnswer(ctx.t, res));
});

function decisionRefusal(ctx: BotContext, res: Exclude<JoinDecisionResult, { ok: true }>): string {
  const t = ctx.t;
  switch (res.reason) {
    case 'not_admin':
      return ctx.person && ctx.person.active !== 1 ? t.accountInactive : t.notAllowed(`${t.btnApprove}/${t.btnRefuse}`, t.roleName.admin ?? 'Admin');
    case 'unknown':
      return t.joinUnknown;
    case 'already_decided':
      return t.joinDecided(res.approved, res.by);
    case 'conflict':
      return t.joinConflict(t.roleName[res.role] ?? res.role);
  }
}

// Setujui / Tolak on a registration request: the first admin decides, the person is told.
peopleHandler.callbackQuery(invitationButtons.decide.filter, async (ctx) => {
  const { decision, request } = invitationButtons.decide.unpack(ctx.callbackQuery.data)!;
  const res = await decideJoin(ctx.deps, request, ctx.from.id, decision === 'ok');
  if (!res.ok) return void (await ctx.answerCallbackQuery({ text: decisionRefusal(ctx, res), show_alert: true }));
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  ctx.log.info({ request, approved: res.approved, opd: res.opd.code }, 'registration request decided');
  if (res.person) await syncCommandsFor(ctx.deps, res.person);
  const name = escapeHtml(res.name);
  await replyHtml(ctx, res.approved ? ctx.t.joinApprovedAdmin(name, ctx.t.roleName[res.role] ?? res.role, opdLabel(res.opd)) : ctx.t.joinRejectedAdmin(name, opdLabel(res.opd)));
});
