import { Composer } from 'grammy';
import { setLanguage } from '../src/db/people';
import { LANGS, messagesFor, type Lang } from '../src/i18n';
import { syncCommandsFor } from '../src/services/commands-menu';
import type { BotContext } from './context';

export const languageHandler = new Composer<BotContext>();

languageHandler.command('bahasa', async (ctx) => {
  if (!ctx.person) return void (await ctx.reply(ctx.t.notRegistered));
  const lang = ctx.match.trim().toLowerCase();
  if (!(LANGS as readonly string[]).includes(lang)) return void (await ctx.reply(ctx.t.languageUsage, { parse_mode: 'HTML' }));
  await setLanguage(ctx.deps.db, ctx.person.id, lang, ctx.deps.now());
  await syncCommandsFor(ctx.deps, { ...ctx.person, lang });
  await ctx.reply(messagesFor(lang as Lang).languageSet);
});
