import { Composer } from 'grammy';
import { commandList } from '../src/features/organisation/commands-menu';
import type { BotContext } from '../src/infra/telegram/context';
import { guard } from '../src/infra/telegram/middleware';
import { COMMAND_RULES, type CommandName, mayUse } from '../src/domain/permissions';

export const helpHandler = new Composer<BotContext>();

helpHandler.command(['bantuan', 'help'], guard('bantuan'), async (ctx) => {
  if (ctx.chat.type !== 'private') {
    // The group menu, less what the caller may not use because of their role (an admin's
    // /daftar for a member); what a member does here is mostly pressing the message's buttons.
    const lines = commandList(ctx.t, 'group')
      .filter((c) => {
        const { audience } = COMMAND_RULES[c.command as CommandName];
        return audience === 'member' || audience === 'anyone' || audience === 'registered' || mayUse(ctx.person, c.command as CommandName);
      })
      .map((c) => `/${c.command} — ${c.description}`);
    return void (await ctx.reply([ctx.t.groupHelpButtons(ctx.t.btnAck, ctx.t.btnReport, ctx.t.btnExtend), ...lines].join('\n')));
  }
  if (!ctx.person) return void (await ctx.reply(ctx.t.helpUnregistered));
  if (ctx.person.active !== 1) {
    const lines = commandList(ctx.t, 'guest').map((c) => `/${c.command} — ${c.description}`);
    return void (await ctx.reply([ctx.t.accountInactive, ...lines].join('\n')));
  }
  const role = ctx.t.roleName[ctx.person.role] ?? ctx.person.role;
  const lines = commandList(ctx.t, ctx.person.role).map((c) => `/${c.command} — ${c.description}`);
  await ctx.reply([ctx.t.helpHeader(role), ...lines].join('\n'), { parse_mode: 'HTML' });
});
