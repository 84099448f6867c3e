import { Composer } from 'grammy';
import { allOpds } from '../src/features/organisation/directory';
import { can } from '../src/domain/permissions';
import { escapeHtml } from '../src/domain/text';
import { NAME_LIMITS } from '../src/domain/names';
import { syncCommandsFor } from '../src/features/organisation/commands-menu';
import type { Messages } from '../src/infra/i18n';
import { addOpd, assignRole, linkGroup, type RoleResult } from '../src/features/organisation/organisation';
import { createInvite } from '../src/features/invite/invite';
import type { BotContext } from '../src/infra/telegram/context';
import { args, guard, replyHtml } from '../src/infra/telegram/middleware';

/** Admin set-up in Telegram: /opd, /opd tambah, /daftar (in the group), /undang, /peran. */
export const organisationHandler = new Composer<BotContext>();

organisationHandler.command('opd', guard('opd'), async (ctx) => {
  const [sub, code, ...rest] = args(ctx.match);
  if (sub === undefined) {
    const opds = await allOpds(ctx.deps);
    if (opds.length === 0) return void (await replyHtml(ctx, ctx.t.opdListEmpty));
    const lines = opds.map((o) =>
      ctx.t.opdLine(escapeHtml(o.code), escapeHtml(o.name), o.cluster ? escapeHtml(o.cluster) : null, ctx.t.chatStatus[o.chat_status] ?? o.chat_status),
    );
    return void (await replyHtml(ctx, [ctx.t.opdListHeader(opds.length), ...lines].join('\n')));
  }
  if (!can(ctx.person, 'admin')) return void (await ctx.reply(ctx.t.notAllowed('/opd tambah', ctx.t.roleName.admin!)));
  if (sub.toLowerCase() !== 'tambah' || !code || rest.length === 0) return void (await replyHtml(ctx, ctx.t.opdAddUsage));
  const [name, cluster] = rest
    .join(' ')
    .split('|')
    .map((s) => s.trim());
  if (!name) return void (await replyHtml(ctx, ctx.t.opdAddUsage));
  const res = await addOpd(ctx.deps, ctx.person!, { code, name, cluster: cluster || null });
  if (!res.ok) return void (await replyHtml(ctx, res.error === 'empty_name' ? ctx.t.opdNameEmpty : ctx.t.opdBadCode));
  const msg = res.created ? ctx.t.opdAdded : ctx.t.opdUpdated;
  const note = res.shortened ? `\n${ctx.t.opdNameShortened(NAME_LIMITS.opd, NAME_LIMITS.cluster)}` : '';
  await replyHtml(ctx, msg(escapeHtml(res.code), escapeHtml(res.name)) + note);
});

organisationHandler.command('daftar', guard('daftar'), async (ctx) => {
  const [code] = args(ctx.match);
  if (!code) return void (await replyHtml(ctx, ctx.t.linkUsage));
  const res = await linkGroup(ctx.deps, ctx.person!, code, { id: ctx.chat.id, title: ctx.chat.title ?? null });
  if (!res.ok) return void (await replyHtml(ctx, ctx.t.unknownOpd(escapeHtml(code.toUpperCase()))));
  ctx.log.info({ opd: res.opd.code, chatId: ctx.chat.id }, 'group linked');
  await replyHtml(ctx, ctx.t.linked(escapeHtml(res.opd.code), escapeHtml(res.opd.name)));
});

organisationHandler.command('undang', guard('undang'), async (ctx) => {
  const [code, role] = args(ctx.match);
  if (!code || !role) return void (await replyHtml(ctx, ctx.t.inviteUsage));
  const res = await createInvite(ctx.deps, ctx.person!, code, role.toLowerCase());
  if (!res.ok) {
    const msg = res.error === 'usage' ? ctx.t.inviteUsage : ctx.t.unknownOpd(escapeHtml(code.toUpperCase()));
    return void (await replyHtml(ctx, msg));
  }
  const opd = `${escapeHtml(res.opd.code)} — ${escapeHtml(res.opd.name)}`;
  const created = ctx.t.inviteCreated(opd, ctx.t.roleName[res.role] ?? res.role, res.link, res.maxUses, ctx.t.fmt.dateTime(res.expiresAt, ctx.deps.config.timezone));
  await replyHtml(ctx, [created, ...(res.needsApproval ? [ctx.t.inviteNeedsApproval] : []), ctx.t.inviteRevokeHint(res.id)].join('\n'));
});

organisationHandler.command('peran', guard('peran'), async (ctx) => {
  const res = await assignRole(ctx.deps, ctx.person!, args(ctx.match));
  if (!res.ok) return void (await replyHtml(ctx, roleError(ctx.t, res)));
  await syncCommandsFor(ctx.deps, res.person);
  const opd = res.opd ? `${escapeHtml(res.opd.code)} — ${escapeHtml(res.opd.name)}` : null;
  await replyHtml(ctx, ctx.t.roleSet(escapeHtml(res.person.name), ctx.t.roleName[res.person.role] ?? res.person.role, opd));
});

function roleError(t: Messages, res: Exclude<RoleResult, { ok: true }>): string {
  switch (res.error) {
    case 'usage':
      return t.roleUsage;
    case 'bad_id':
      return t.roleBadId;
    case 'needs_opd':
      return t.roleNeedsOpd;
    case 'unknown_role':
      return t.roleUnknown(escapeHtml(res.role));
    case 'unknown_person':
      return t.rolePersonUnknown(escapeHtml(res.id));
    case 'unknown_opd':
      return t.unknownOpd(escapeHtml(res.code));
  }
}
