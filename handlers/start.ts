import { Composer } from 'grammy';
import { escapeHtml } from '../src/domain/text';
import { messagesFor } from '../src/infra/i18n';
import { acceptInvite } from '../src/features/organisation/organisation';
import { syncCommandsFor } from '../src/features/organisation/commands-menu';
import type { BotContext } from '../src/infra/telegram/context';
import { beginExtension } from './extensions';
import { beginReport } from './reports';

/** /start, with or without an invitation token from a t.me deep link. */
export const startHandler = new Composer<BotContext>();

startHandler.chatType('private').command('start', async (ctx) => {
  const token = ctx.match.trim();
  if (token === '') {
    if (!ctx.person) return void (await ctx.reply(ctx.t.welcomeUnregistered, { parse_mode: 'HTML' }));
    await syncCommandsFor(ctx.deps, ctx.person);
    const role = ctx.t.roleName[ctx.person.role] ?? ctx.person.role;
    return void (await ctx.reply(ctx.t.welcome(escapeHtml(ctx.person.name), role), { parse_mode: 'HTML' }));
  }
  // Links from the group's buttons: 📝 report and ⏳ extension continue here, in private.
  const link = /^(lapor|ext)-(\d+)$/.exec(token);
  if (link) return link[1] === 'lapor' ? beginReport(ctx, Number(link[2])) : beginExtension(ctx, Number(link[2]));
  const res = await acceptInvite(ctx.deps, token, ctx.from);
  if (!res.ok) {
    if (res.error === 'higher_role') return void (await ctx.reply(ctx.t.inviteHigherRole(ctx.t.roleName[res.role] ?? res.role)));
    const msg = { invalid: ctx.t.inviteInvalid, expired: ctx.t.inviteExpired, used_up: ctx.t.inviteUsedUp }[res.error];
    return void (await ctx.reply(msg));
  }
  ctx.log.info({ opd: res.opd.code, role: res.person.role }, 'invitation accepted');
  await syncCommandsFor(ctx.deps, res.person);
  const t = messagesFor(res.person.lang);
  await ctx.reply(t.inviteAccepted(escapeHtml(res.person.name), t.roleName[res.person.role] ?? res.person.role, `${escapeHtml(res.opd.code)} — ${escapeHtml(res.opd.name)}`), {
    parse_mode: 'HTML',
  });
});
