import { Composer } from 'grammy';
import { COMMAND_RULES, type CommandName, mayUse, placeAllows, privateMenu } from '../src/domain/permissions';
import { closestCommand } from '../src/domain/suggest';
import { leadingCommand } from '../src/infra/telegram/commands';
import type { BotContext } from '../src/infra/telegram/context';
import { chatKind } from '../src/infra/telegram/middleware';

/**
 * What no other handler took (installed last in src/bot.ts): an unknown command in a private
 * chat, or addressed to the bot in a group ("/blum@bot"), is answered with the closest command
 * the caller may use; other text in a private chat — no conversation and no draft waiting for
 * it — gets a short help. Ordinary conversation in a group, and commands there meant for
 * anyone (or another bot), are never answered.
 */
export const fallbackHandler = new Composer<BotContext>();

/** Aliases answered by the handlers besides the names in COMMAND_RULES. */
const ALIASES = new Set(['help']);

/** The commands this caller may send in this chat, in menu order. */
function usable(ctx: BotContext): CommandName[] {
  const kind = chatKind(ctx);
  const person = ctx.person?.active === 1 ? ctx.person : null;
  if (kind === 'private') return privateMenu(person?.role ?? 'guest');
  return (Object.keys(COMMAND_RULES) as CommandName[]).filter((name) => mayUse(person, name) && placeAllows(COMMAND_RULES[name].place, kind));
}

fallbackHandler.on('message:text', async (ctx) => {
  const isPrivate = ctx.chat.type === 'private';
  const command = leadingCommand(ctx.message);
  if (command) {
    const addressed = command.target !== undefined && command.target.toLowerCase() === ctx.me.username.toLowerCase();
    if (!isPrivate && !addressed) return;
    // A known command that no handler answered here is deliberately left alone.
    if (command.name in COMMAND_RULES || ALIASES.has(command.name)) return;
    const suggestion = closestCommand(command.name, usable(ctx));
    ctx.log.debug({ suggestion }, 'unknown command answered');
    return void (await ctx.reply(ctx.t.unknownCommand(command.name.slice(0, 32), suggestion)));
  }
  if (!isPrivate) return;
  if (ctx.person?.active !== 1) return void (await ctx.reply(ctx.person ? ctx.t.accountInactive : ctx.t.helpUnregistered));
  ctx.log.debug('free text in a private chat: short help');
  await ctx.reply(ctx.t.freeTextHelp(privateMenu(ctx.person.role).includes('arahan')));
});
