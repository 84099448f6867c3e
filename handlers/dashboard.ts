import { Composer } from 'grammy';
import { miniAppUrl } from '../src/infra/http/initdata';
import type { BotContext } from '../src/infra/telegram/context';
import { guard, replyHtml } from '../src/infra/telegram/middleware';

/**
 * /dasbor: the leaders' dashboard (a Telegram Mini App served by Arahan's own HTTP port,
 * src/features/dashboard) behind a web_app button; the same page is the chat's menu button for
 * pimpinan and sekretariat (syncMenuButtonFor in src/features/organisation/commands-menu.ts).
 */
export const dashboardHandler = new Composer<BotContext>();

dashboardHandler.command('dasbor', guard('dasbor'), async (ctx) => {
  const url = miniAppUrl(ctx.deps.config);
  if (url === null) return replyHtml(ctx, ctx.t.dasbor.notConfigured);
  await ctx.reply(ctx.t.dasbor.intro, { reply_markup: { inline_keyboard: [[{ text: ctx.t.dasbor.button, web_app: { url } }]] } });
});
