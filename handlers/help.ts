import { Composer } from 'grammy';
import { commandList } from '../src/features/organisation/commands-menu';
import type { BotContext } from '../src/infra/telegram/context';
import { guard } from '../src/infra/telegram/middleware';

export const helpHandler = new Composer<BotContext>();

helpHandler.command(['bantuan', 'help'], guard('bantuan'), async (ctx) => {
  if (ctx.chat.type !== 'private') {
    const lines = commandList(ctx.t, 'group').map((c) => `/${c.command} — ${c.description}`);
    return void (await ctx.reply(lines.join('\n')));
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
