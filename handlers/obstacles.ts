import { Composer, InlineKeyboard } from 'grammy';
import type { Message } from 'grammy/types';
import { groupButtons } from '../src/features/instruction/instruction.callbacks';
import { obstacleButtons } from '../src/features/obstacle/obstacle.callbacks';
import {
  addToObstacle,
  askObstacleAnswer,
  cancelObstacle,
  checkObstacleReporter,
  extendFromObstacle,
  giveObstacleAnswer,
  handleObstacle,
  MAX_OBSTACLE_TEXT,
  obstacleByCommand,
  startObstacle,
  submitObstacle,
  type ObstacleDecision,
  type ObstacleResult,
} from '../src/features/obstacle/obstacles';
import { MAX_REASON_TEXT } from '../src/features/report/review';
import type { ReporterCheck } from '../src/features/report/reports';
import { escapeHtml, plainText } from '../src/domain/text';
import type { Messages } from '../src/infra/i18n';
import type { BotContext } from '../src/infra/telegram/context';
import { args, guard, replyHtml } from '../src/infra/telegram/middleware';
import { attachmentOf } from './reports';

/** Obstacles (kendala): reported by a target OPD (button or /kendala), answered, extended and handled by the issuer or the secretariat. */
export const obstaclesHandler = new Composer<BotContext>();

const obstacleKeyboard = (t: Messages) =>
  new InlineKeyboard().text(t.btnSendObstacle, obstacleButtons.send.pack({})).success().text(t.btnCancelObstacle, obstacleButtons.cancel.pack({})).danger();

export function obstacleRefusal(t: Messages, res: Exclude<ObstacleResult, { ok: true }> | Exclude<ReporterCheck, { ok: true }>): string {
  switch (res.reason) {
    case 'inactive':
      return t.accountInactive;
    case 'not_member':
    case 'not_registered':
      return t.obsNotMember;
    case 'not_target':
      return t.obsRefused.not_target!;
    case 'empty':
      return t.obsEmpty;
    case 'too_long':
      return t.obsTooLong(MAX_OBSTACLE_TEXT);
    case 'none':
      return t.obsNone;
    case 'usage':
      return t.obsUsage;
    case 'bad_number':
      return t.badNumber('/kendala');
    case 'unknown_number':
      return t.unknownNumber(escapeHtml(res.number));
    default:
      return t.reportRefused[res.reason] ?? t.reportRefused.unknown!;
  }
}

function decisionRefusal(t: Messages, tz: string, res: Exclude<ObstacleDecision, { ok: true }>): string {
  switch (res.reason) {
    case 'already_handled':
      return t.obsAlreadyHandled(escapeHtml(res.by), t.fmt.shortDateTime(res.at, tz));
    case 'already_extended':
      return t.obsAlreadyExtended(escapeHtml(res.by), t.fmt.shortDateTime(res.at, tz));
    case 'answer_empty':
      return t.obsAnswerEmpty;
    case 'answer_too_long':
      return t.reasonTooLong(MAX_REASON_TEXT);
    default:
      return t.obsRefused[res.reason] ?? t.obsRefused.unknown!;
  }
}

const alert = (text: string) => ({ text: plainText(text).slice(0, 200), show_alert: true });

// ⚠️ on the group's instruction message: members continue in their private chat with the bot.
obstaclesHandler.callbackQuery(groupButtons.obstacle.filter, async (ctx) => {
  const { assignment } = groupButtons.obstacle.unpack(ctx.callbackQuery.data)!;
  const check = await checkObstacleReporter(ctx.deps, assignment, ctx.from.id);
  if (!check.ok) return void (await ctx.answerCallbackQuery(alert(obstacleRefusal(ctx.t, check))));
  await ctx.answerCallbackQuery({ url: `https://t.me/${ctx.me.username}?start=kendala-${assignment}` });
});

/** /start kendala-<id> (from the button's link). */
export async function beginObstacle(ctx: BotContext, assignmentId: number): Promise<void> {
  const res = await startObstacle(ctx.deps, assignmentId, ctx.from!.id);
  if (!res.ok) return replyHtml(ctx, obstacleRefusal(ctx.t, res));
  await replyHtml(ctx, ctx.t.obsStart(escapeHtml(res.ctx.number), `<b>${escapeHtml(res.ctx.opd_code)}</b> — ${escapeHtml(res.ctx.opd_name)}`), {
    reply_markup: new InlineKeyboard().text(ctx.t.btnCancelObstacle, obstacleButtons.cancel.pack({})).danger(),
  });
}

/** A text, photo or document while an obstacle is being written. Returns false when none is. */
export async function collectObstaclePiece(ctx: BotContext, msg: Message): Promise<boolean> {
  const res = await addToObstacle(ctx.deps, ctx.from!.id, { text: msg.text ?? msg.caption, attachment: attachmentOf(msg) });
  if (!res.ok && res.reason === 'none') return false;
  if (!res.ok) {
    await replyHtml(ctx, ctx.t.obsTooLong(MAX_OBSTACLE_TEXT));
    return true;
  }
  await replyHtml(ctx, ctx.t.obsCollected(escapeHtml(res.number), res.draft.text !== '', res.draft.attachments.length), { reply_markup: obstacleKeyboard(ctx.t) });
  return true;
}

/** The decider's text while an answer to an obstacle is awaited. Returns false when none is. */
export async function collectObstacleAnswer(ctx: BotContext, text: string): Promise<boolean> {
  const res = await giveObstacleAnswer(ctx.deps, ctx.from!.id, text);
  if (!res) return false;
  if (!res.ok) await replyHtml(ctx, decisionRefusal(ctx.t, ctx.deps.config.timezone, res));
  else await replyHtml(ctx, ctx.t.obsAnswered(escapeHtml(res.number), escapeHtml(res.opd)));
  return true;
}

const privateChat = obstaclesHandler.chatType('private');

privateChat.callbackQuery(obstacleButtons.send.filter, async (ctx) => {
  const res = await submitObstacle(ctx.deps, ctx.from.id);
  if (!res.ok) return void (await ctx.answerCallbackQuery(alert(obstacleRefusal(ctx.t, res))));
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  ctx.log.info({ obstacle: res.obstacle.id, opd: res.ctx.opd_code }, 'obstacle reported');
  await replyHtml(ctx, ctx.t.obsSent(escapeHtml(res.ctx.number)));
});

privateChat.callbackQuery(obstacleButtons.cancel.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  const had = await cancelObstacle(ctx.deps, ctx.from.id);
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await replyHtml(ctx, had ? ctx.t.obsCancelled : ctx.t.obsNone);
});

/** /kendala NOMOR uraian, or /kendala uraian as a reply to the instruction message in the group. */
async function reportByCommand(ctx: BotContext, match: string, msg: Message) {
  const inGroup = ctx.chat?.type === 'group' || ctx.chat?.type === 'supergroup';
  const replied = msg.reply_to_message;
  const where = inGroup ? { chatId: ctx.chat!.id, repliedMessageId: replied && replied.from?.id === ctx.me.id ? replied.message_id : null } : null;
  const res = await obstacleByCommand(ctx.deps, ctx.from!.id, args(match), where, attachmentOf(msg));
  const reply = inGroup ? { reply_parameters: { message_id: msg.message_id } } : {};
  if (!res.ok) return replyHtml(ctx, obstacleRefusal(ctx.t, res), reply);
  ctx.log.info({ obstacle: res.obstacle.id, opd: res.ctx.opd_code }, 'obstacle reported');
  if (inGroup) return replyHtml(ctx, ctx.t.obsSentGroup(escapeHtml(ctx.person?.name ?? ctx.from!.first_name), escapeHtml(res.ctx.number)), reply);
  await replyHtml(ctx, ctx.t.obsSent(escapeHtml(res.ctx.number)));
}

obstaclesHandler.command('kendala', guard('kendala'), (ctx) => reportByCommand(ctx, ctx.match, ctx.message!));

// A photo or document captioned "/kendala …": the file is the evidence (Telegram marks no command in a caption for grammY's command()).
const CAPTION_COMMAND = /^\/kendala(?:@\w+)?(?:\s+([\s\S]*))?$/i;
obstaclesHandler.on(['message:photo', 'message:document'], async (ctx, next) => {
  const m = CAPTION_COMMAND.exec(ctx.message.caption ?? '');
  if (!m) return next();
  return guard('kendala')(ctx, () => reportByCommand(ctx, m[1] ?? '', ctx.message));
});

// 💬 Tanggapi / 📅 Perpanjang / ✔ Selesai ditangani on an obstacle, its reminder or its escalation.
obstaclesHandler.callbackQuery(obstacleButtons.answer.filter, async (ctx) => {
  const res = await askObstacleAnswer(ctx.deps, obstacleButtons.answer.unpack(ctx.callbackQuery.data)!.obstacle, ctx.from.id);
  if (!res.ok) return void (await ctx.answerCallbackQuery(alert(decisionRefusal(ctx.t, ctx.deps.config.timezone, res))));
  // The answer is written in the private chat, also when the button was pressed in the secretariat's group
  // (someone who never opened a private chat with the bot is asked to, and nothing else changes).
  const asked = await ctx.api
    .sendMessage(ctx.from.id, ctx.t.obsAskAnswer(escapeHtml(res.number), escapeHtml(res.opd)), { parse_mode: 'HTML' })
    .then(() => true)
    .catch(() => false);
  await ctx.answerCallbackQuery(asked ? {} : alert(ctx.t.reportOpenPrivate));
});

obstaclesHandler.callbackQuery(obstacleButtons.handled.filter, async (ctx) => {
  const res = await handleObstacle(ctx.deps, obstacleButtons.handled.unpack(ctx.callbackQuery.data)!.obstacle, ctx.from.id);
  if (!res.ok) return void (await ctx.answerCallbackQuery(alert(decisionRefusal(ctx.t, ctx.deps.config.timezone, res))));
  await ctx.answerCallbackQuery({ text: ctx.t.btnObsHandled });
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await replyHtml(ctx, ctx.t.obsHandledMsg(escapeHtml(res.number), escapeHtml(res.opd)));
});

obstaclesHandler.callbackQuery(obstacleButtons.extend.filter, async (ctx) => {
  const res = await extendFromObstacle(ctx.deps, obstacleButtons.extend.unpack(ctx.callbackQuery.data)!.obstacle, ctx.from.id);
  if (!res.ok) return void (await ctx.answerCallbackQuery(alert(decisionRefusal(ctx.t, ctx.deps.config.timezone, res))));
  await ctx.answerCallbackQuery();
  await replyHtml(ctx, ctx.t.obsExtendedMsg(escapeHtml(res.number), escapeHtml(res.opd), ctx.t.fmt.dateTime(res.due!, ctx.deps.config.timezone)));
});
