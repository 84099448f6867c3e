import { Composer } from 'grammy';
import { changeLanguage } from '../src/features/organisation/directory';
import { LANGS, messagesFor, type Lang } from '../src/infra/i18n';
import { syncCommandsFor } from '../src/features/organisation/commands-menu';
import type { BotContext } from '../src/infra/telegram/context';
import { guard } from '../src/infra/telegram/middleware';

export const languageHandler = new Composer<BotContext>();

languageHandler.command('bahasa', guard('bahasa'), async (ctx) => {
  const person = ctx.person!;
  const lang = ctx.match.trim().toLowerCase();
  if (!(LANGS as readonly string[]).includes(lang)) return void (await ctx.reply(ctx.t.languageUsage, { parse_mode: 'HTML' }));
  await changeLanguage(ctx.deps, person.id, lang);
  await syncCommandsFor(ctx.deps, { ...person, lang });
  await ctx.reply(messagesFor(lang as Lang).languageSet);
});
