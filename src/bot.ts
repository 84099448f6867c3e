import { Bot, type Api, type Context } from 'grammy';
import { updateClaimer } from './infra/db/updates';
import type { UserFromGetMe } from 'grammy/types';
import { sequentialize } from '@grammyjs/runner';
import { acknowledgeHandler } from '../handlers/acknowledge';
import type { BotContext } from './infra/telegram/context';
import { conversationsHandler } from '../handlers/conversations';
import { extensionsHandler } from '../handlers/extensions';
import { helpHandler } from '../handlers/help';
import { issueHandler } from '../handlers/issue';
import { languageHandler } from '../handlers/language';
import { manageHandler } from '../handlers/manage';
import { membershipHandler } from '../handlers/membership';
import { organisationHandler } from '../handlers/organisation';
import { queriesHandler } from '../handlers/queries';
import { recapHandler } from '../handlers/recap';
import { reportsHandler } from '../handlers/reports';
import { remindersHandler } from '../handlers/reminders';
import { startHandler } from '../handlers/start';
import { findPersonByTelegramId } from './features/organisation/people.queries';
import type { AppDeps } from './infra/deps';
import { messagesFor } from './infra/i18n';

export function newBot(token: string, apiRoot: string, botInfo?: UserFromGetMe): Bot<BotContext> {
  return new Bot<BotContext>(token, { botInfo, client: { apiRoot } });
}

/** Buttons of a group's instruction message: ✅ acknowledge, 📝 report, ⏳ extension. */
const MEMBER_BUTTON = /^(ack|rep|ext):\d+$/;

/**
 * Updates of one chat are handled in order (a draft's answers, a report's pieces). A press
 * on a group instruction message's buttons is keyed by the presser instead: presses by
 * different members need no order — ✅ is recorded once by the database (the others are
 * told "already acknowledged by …"), 📝 and ⏳ only check membership and answer with a link
 * — so members of one group pressing together are not made to wait, one after the other,
 * for each other's database work and answer round trip to Telegram. The presser's key is
 * their private chat's key, so a press and what the same person then does in the private
 * chat stay in order.
 */
export function sequenceKey(ctx: Context): string | undefined {
  const data = ctx.callbackQuery?.data;
  if (data !== undefined && ctx.from && MEMBER_BUTTON.test(data)) return ctx.from.id.toString();
  return ctx.chat?.id.toString() ?? ctx.from?.id.toString();
}

/** Installs the middleware and one Composer per feature. `deps.api` is this bot's api. */
export function installHandlers(bot: Bot<BotContext>, deps: AppDeps): void {
  bot.use(sequentialize(sequenceKey));
  // The same update delivered twice (Telegram resends after any non-2xx or timeout, to any
  // process) is handled once: claimed in the database before any handler runs.
  const claim = updateClaimer(deps.db, deps.now);
  bot.use(async (ctx, next) => {
    if (await claim(ctx.update.update_id)) return next();
    // Not answered here: a press is answered by the handling that claimed it (a second
    // answer would be refused by Telegram, or pre-empt the first one's text).
    deps.logger.info({ update_id: ctx.update.update_id }, 'update delivered again: already handled, skipped');
  });
  bot.use(async (ctx, next) => {
    deps.metrics.updates.inc({ type: Object.keys(ctx.update).find((k) => k !== 'update_id') ?? 'unknown' });
    ctx.deps = deps;
    ctx.log = deps.logger.child({ update_id: ctx.update.update_id, chat_id: ctx.chat?.id, from_id: ctx.from?.id });
    ctx.person = ctx.from ? ((await findPersonByTelegramId(deps.db, ctx.from.id)) ?? null) : null;
    ctx.t = messagesFor(ctx.person?.lang);
    await next();
  });
  bot.use(membershipHandler);
  bot.use(startHandler);
  bot.use(helpHandler);
  bot.use(languageHandler);
  bot.use(organisationHandler);
  bot.use(queriesHandler);
  bot.use(recapHandler);
  bot.use(manageHandler);
  bot.use(remindersHandler);
  bot.use(acknowledgeHandler);
  bot.use(reportsHandler);
  bot.use(extensionsHandler);
  // An open report, return reason or extension request takes the private chat's next message
  // before an instruction draft does.
  bot.use(conversationsHandler);
  bot.use(issueHandler);
  // A button nobody else handled is still answered so the user's spinner stops.
  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery());

  bot.catch(async (err) => {
    const ctx = err.ctx;
    (ctx.log ?? deps.logger).error({ err: err.error, update_id: ctx.update.update_id }, 'update failed');
    const t = ctx.t ?? messagesFor('id');
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: t.internalError, show_alert: true });
      else if (ctx.chat) await ctx.reply(t.internalError);
    } catch {
      // Nothing more to do: the failure is logged above.
    }
  });
}

export type { Api };
