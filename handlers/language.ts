import { Composer } from 'grammy';
import { changeLanguage } from '../src/features/organisation/directory';
import { LANGS, messagesFor, type Lang } from '../src/infra/i18n';
import { syncCommandsFor } from '../src/features/organisation/commands-menu';
import type { BotContext } from '../src/infra/telegram/context';

export const languageHandler = new Composer<BotContext>();

languageHandler.command('bahasa', async (ctx) => {
  if (!ctx.person) return void (await ctx.reply(ctx.t.notRegistered));
  const lang = ctx.match.trim().toLowerCase();
  if (!(LANGS as readonly string[]).includes(lang)) return void (await ctx.reply(ctx.t.languageUsage, { parse_mode: 'HTML' }));
  await changeLanguage(ctx.deps, ctx.person.id, lang);
  await syncCommandsFor(ctx.deps, { ...ctx.person, lang });
  await ctx.reply(messagesFor(lang as Lang).languageSet);
});
