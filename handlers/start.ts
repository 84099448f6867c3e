import { Composer } from 'grammy';
import { escapeHtml } from '../src/domain/text';
import { messagesFor } from '../src/infra/i18n';
import { acceptInvite } from '../src/features/invite/invite';
import { syncCommandsFor } from '../src/features/organisation/commands-menu';
import { adoptTelegramName } from '../src/features/organisation/organisation';
import type { BotContext } from '../src/infra/telegram/context';
import { guard } from '../src/infra/telegram/middleware';
import { beginExtension } from './extensions';
import { beginReport } from './reports';
import { beginObstacle } from './obstacles';

/** /start, with or without an invitation token from a t.me deep link. */
export const startHandler = new Composer<BotContext>();

// /start@bot in a group is addressed to the bot: answered (where to use it), not ignored.
startHandler.chatType(['group', 'supergroup']).command('start', guard('start'));

startHandler.chatType('private').command('start', async (ctx) => {
  const token = ctx.match.trim();
  if (token === '') {
    if (!ctx.person) return void (await ctx.reply(ctx.t.welcomeUnregistered, { parse_mode: 'HTML' }));
    // A bootstrap admin ("Admin 999") takes their Telegram name now.
    ctx.person = await adoptTelegramName(ctx.deps, ctx.person, ctx.from);
    await syncCommandsFor(ctx.deps, ctx.person);
    if (ctx.person.active !== 1) return void (await ctx.reply(ctx.t.accountInactive));
    const role = ctx.t.roleName[ctx.person.role] ?? ctx.person.role;
    return void (await ctx.reply(ctx.t.welcome(escapeHtml(ctx.person.name), role), { parse_mode: 'HTML' }));
  }
  // Links from the group's buttons: 📝 report, ⏳ extension and ⚠️ obstacle continue here, in private.
  const link = /^(lapor|ext|kendala)-(\d+)$/.exec(token);
  if (link) {
    const id = Number(link[2]);
    return link[1] === 'lapor' ? beginReport(ctx, id) : link[1] === 'kendala' ? beginObstacle(ctx, id) : beginExtension(ctx, id);
  }
  const res = await acceptInvite(ctx.deps, token, ctx.from);
  const opdLabel = (o: { code: string; name: string }) => `${escapeHtml(o.code)} — ${escapeHtml(o.name)}`;
  if (!res.ok) {
    if (res.error === 'higher_role') return void (await ctx.reply(ctx.t.inviteHigherRole(ctx.t.roleName[res.role] ?? res.role)));
    if (res.error === 'already_member') {
      return void (await ctx.reply(ctx.t.inviteAlreadyMember(ctx.t.roleName[res.role] ?? res.role, res.opd ? opdLabel(res.opd) : '-'), { parse_mode: 'HTML' }));
    }
    const msg = {
      invalid: ctx.t.inviteInvalid,
      revoked: ctx.t.inviteRevoked,
      expired: ctx.t.inviteExpired,
      used_up: ctx.t.inviteUsedUp,
      inactive: ctx.t.accountInactive,
      rejected: ctx.t.inviteRejected,
    }[res.error];
    return void (await ctx.reply(msg));
  }
  if (res.pending) {
    ctx.log.info({ opd: res.opd.code, role: res.role }, 'invitation waits for approval');
    return void (await ctx.reply(ctx.t.invitePending(ctx.t.roleName[res.role] ?? res.role, opdLabel(res.opd)), { parse_mode: 'HTML' }));
  }
  ctx.log.info({ opd: res.opd.code, role: res.person.role }, 'invitation accepted');
  await syncCommandsFor(ctx.deps, res.person);
  const t = messagesFor(res.person.lang);
  await ctx.reply(t.inviteAccepted(escapeHtml(res.person.name), t.roleName[res.person.role] ?? res.person.role, opdLabel(res.opd)), { parse_mode: 'HTML' });
});
