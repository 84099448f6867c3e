import { Bot, type Api, type Context } from 'grammy';
import type { Agent } from 'undici';
import { botApiFetch } from './infra/telegram/http';
import { updateClaimer } from './infra/db/updates';
import type { UserFromGetMe } from 'grammy/types';
import { sequentialize } from '@grammyjs/runner';
import { acknowledgeHandler } from '../handlers/acknowledge';
import type { BotContext } from './infra/telegram/context';
import { conversationsHandler } from '../handlers/conversations';
import { dashboardHandler } from '../handlers/dashboard';
import { extensionsHandler } from '../handlers/extensions';
import { obstaclesHandler } from '../handlers/obstacles';
import { fallbackHandler } from '../handlers/fallback';
import { helpHandler } from '../handlers/help';
import { issueHandler } from '../handlers/issue';
import { languageHandler } from '../handlers/language';
import { manageHandler } from '../handlers/manage';
import { membershipHandler } from '../handlers/membership';
import { organisationHandler } from '../handlers/organisation';
import { peopleHandler } from '../handlers/people';
import { queriesHandler } from '../handlers/queries';
import { recapHandler } from '../handlers/recap';
import { reportsHandler } from '../handlers/reports';
import { remindersHandler } from '../handlers/reminders';
import { rollcallHandler } from '../handlers/rollcall';
import { startHandler } from '../handlers/start';
import { verifyHandler } from '../handlers/verify';
import type { AppDeps } from './infra/deps';
import { messagesFor } from './infra/i18n';
import { FloodGuard, MUTE_MS } from './infra/telegram/flood';
import { answerAtLowPriority, answerFirst } from './infra/telegram/priority';
import { lowerCaseCommands } from './infra/telegram/commands';

/** The bot, its Bot API calls made over `http` (src/infra/telegram/http.ts, botApiAgent; the caller closes it). */
export function newBot(token: string, apiRoot: string, http: Agent, botInfo?: UserFromGetMe): Bot<BotContext> {
  return new Bot<BotContext>(token, { botInfo, client: { apiRoot, fetch: botApiFetch(http) as unknown as typeof fetch } });
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

/**
 * Updates a person sends, which count against their limit: messages and button presses, not
 * the bot's own membership changes nor a group's move to a supergroup (Telegram's doing).
 */
function limited(ctx: BotContext): boolean {
  if (ctx.callbackQuery) return true;
  const msg = ctx.message ?? ctx.editedMessage;
  return msg !== undefined && msg.migrate_to_chat_id === undefined && msg.migrate_from_chat_id === undefined;
}

/** Installs the middleware and one Composer per feature. `deps.api` is this bot's api. */
export function installHandlers(bot: Bot<BotContext>, deps: AppDeps, hooks: { claimed?(updateId: number): void } = {}): void {
  bot.use(sequentialize(sequenceKey));
  // The same update delivered twice (Telegram resends after any non-2xx or timeout, to any
  // process) is handled once: claimed in the database before any handler runs. Long polling
  // confirms an update's offset only once it is claimed (`hooks.claimed`, UnclaimedUpdates).
  // The sender is read with the claim (one query per batch of updates, not one per update).
  const claim = updateClaimer(deps.db, deps.now);
  bot.use(async (ctx, next) => {
    const { mine, person } = await claim(ctx.update.update_id, ctx.from?.id);
    hooks.claimed?.(ctx.update.update_id);
    ctx.person = person;
    if (mine) return next();
    // Not answered here: a press is answered by the handling that claimed it (a second
    // answer would be refused by Telegram, or pre-empt the first one's text).
    deps.logger.info({ update_id: ctx.update.update_id }, 'update delivered again: already handled, skipped');
  });
  bot.use(async (ctx, next) => {
    deps.metrics.updates.inc({ type: Object.keys(ctx.update).find((k) => k !== 'update_id') ?? 'unknown' });
    ctx.deps = deps;
    ctx.log = deps.logger.child({ update_id: ctx.update.update_id, chat_id: ctx.chat?.id, from_id: ctx.from?.id });
    ctx.t = messagesFor(ctx.person?.lang);
    await next();
  });
  // Answers to someone unregistered, or to someone sending more than their share, must never
  // take the budget that deliveries need (issue #13, finding 14): a per-person limit (answered
  // once, then silent for a while) and the lowest send priority for such answers.
  const flood = new FloodGuard(deps.config.flood);
  bot.use(async (ctx, next) => {
    if (!ctx.from || !limited(ctx)) return next();
    const registered = ctx.person?.active === 1;
    // Real time, not deps.now (the organisation's clock, which tests may move).
    const verdict = flood.take(ctx.from.id, registered, Date.now());
    const chatId = ctx.chat?.id;
    if (verdict === 'pass') {
      if (chatId === undefined) return next();
      if (!registered) return answerAtLowPriority(chatId, next);
      // A registered person's own private chat is answered ahead of the queued deliveries (issue #14).
      return ctx.chat?.type === 'private' ? answerFirst(chatId, next) : next();
    }
    deps.metrics.updatesLimited.inc({ verdict });
    if (verdict === 'drop') return;
    ctx.log.warn({ registered }, 'a person sent more updates than allowed: told once, then ignored for a while');
    const notice = ctx.t.tooManyUpdates((registered ? MUTE_MS.registered : MUTE_MS.guest) / 60_000);
    // A button's answer is not a message and costs no send slot; in a group, the notice would
    // spend the group's budget and bother everyone else, so only a private chat is told.
    // A notice that cannot be sent is not worth an apology (bot.catch would send one).
    const quiet = (err: unknown) => ctx.log.debug({ err }, 'could not send the notice');
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: notice }).catch(quiet);
    else if (ctx.chat?.type === 'private') await answerAtLowPriority(ctx.chat.id, () => ctx.reply(notice)).catch(quiet);
  });
  // "/Belum" (a phone's capital) works like "/belum": commands lower-cased before any handler.
  bot.use(lowerCaseCommands);
  // A press with no chat comes from an inline-mode message, which Arahan never sends: it is not
  // on a message of ours and has nowhere to be answered in (the fuzz suite found handlers that
  // replied to one and failed: "Missing information for API call to sendMessage").
  bot.on('callback_query', async (ctx, next) => {
    if (ctx.chat) return next();
    await ctx.answerCallbackQuery();
  });
  // ✅ first: a broadcast brings four presses per group at once, and grammY builds every
  // filter's middleware anew for each update that walks past it. Behind the twelve features
  // before it, one press allocated ~115 KB (bench part 4b, 1,000 presses: 127 of 268 MB in
  // grammY's composer, 19 young-generation collections taking 70–90 ms in 1.3 s); first, the
  // burst allocated 166 MB with 10–11 collections (43–52 ms). It handles only its own button,
  // which no other feature does, so every other update passes it unchanged.
  bot.use(acknowledgeHandler);
  bot.use(membershipHandler);
  bot.use(startHandler);
  bot.use(helpHandler);
  bot.use(languageHandler);
  bot.use(organisationHandler);
  bot.use(peopleHandler);
  bot.use(queriesHandler);
  bot.use(recapHandler);
  bot.use(dashboardHandler);
  bot.use(manageHandler);
  bot.use(remindersHandler);
  bot.use(rollcallHandler);
  bot.use(reportsHandler);
  bot.use(extensionsHandler);
  bot.use(obstaclesHandler);
  // An open report, return reason or extension request takes the private chat's next message
  // before an instruction draft does.
  // A forwarded or pasted instruction message is checked (/cek) before anything takes it as an answer.
  bot.use(verifyHandler);
  bot.use(conversationsHandler);
  bot.use(issueHandler);
  // Last for messages: what nobody took — an unknown command, free text in a private chat.
  bot.use(fallbackHandler);
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
