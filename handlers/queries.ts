import { Composer } from 'grammy';
import { escapeHtml } from '../src/domain/text';
import { instructionStatus, notAcknowledged, pendingOpds } from '../src/features/status/status';
import { renderNotAcknowledged, renderPendingList, renderStatus } from '../src/features/status/status.view';
import { pendingButtons } from '../src/features/instruction/instruction.callbacks';
import { pendingKeyboard } from '../src/features/instruction/instruction.view';
import { mayDecide } from '../src/domain/permissions';
import type { BotContext } from '../src/infra/telegram/context';
import { args, guard, replyHtml } from '../src/infra/telegram/middleware';

/** The secretariat's questions: who has not acknowledged, one instruction's status, what is late. */
export const queriesHandler = new Composer<BotContext>();

function lookupError(ctx: BotContext, command: string, res: { error: 'bad_number' } | { error: 'unknown'; number: string }): string {
  return res.error === 'bad_number' ? ctx.t.badNumber(command) : ctx.t.unknownNumber(escapeHtml(res.number));
}

queriesHandler.command('belum', guard('belum'), async (ctx) => {
  const [raw] = args(ctx.match);
  const res = await notAcknowledged(ctx.deps, raw);
  if (!res.ok) return void (await replyHtml(ctx, lookupError(ctx, '/belum', res)));
  await replyHtml(ctx, renderNotAcknowledged(ctx.t, ctx.deps.config.timezone, ctx.deps.now(), res.rows));
});

queriesHandler.command('status', guard('status'), async (ctx) => {
  const [raw] = args(ctx.match);
  if (!raw) return void (await replyHtml(ctx, ctx.t.statusUsage));
  const res = await instructionStatus(ctx.deps, raw);
  if (!res.ok) return void (await replyHtml(ctx, lookupError(ctx, '/status', res)));
  // 📋 who has not acknowledged / not finished: for those who may decide on it (issue #15).
  const extra = mayDecide(ctx.person, res.instruction.issuer_id) ? { reply_markup: pendingKeyboard(ctx.t, res.instruction.id) } : {};
  await replyHtml(ctx, renderStatus(ctx.t, ctx.deps.config.timezone, res.instruction, res.rows, res.obstacles), extra);
});

/**
 * 📋 under the summary or /status: the list is a new message in the presser's private chat;
 * its ‹ › buttons turn its pages in place. The issuer and the secretariat only, checked on
 * each press.
 */
async function pendingScreen(ctx: BotContext, instruction: number, page: number) {
  const res = await pendingOpds(ctx.deps, ctx.person, instruction);
  if (!res.ok) {
    await ctx.answerCallbackQuery({ text: res.reason === 'not_decider' ? ctx.t.pendingNotDecider : ctx.t.unknownNumber('-'), show_alert: true });
    return null;
  }
  await ctx.answerCallbackQuery();
  return renderPendingList(ctx.t, res, page, (p) => pendingButtons.page.pack({ instruction, page: p }));
}

queriesHandler.callbackQuery(pendingButtons.list.filter, guard('status'), async (ctx) => {
  const { instruction } = pendingButtons.list.unpack(ctx.callbackQuery.data)!;
  const screen = await pendingScreen(ctx, instruction, 0);
  if (!screen) return;
  await ctx.api.sendMessage(ctx.from.id, screen.text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, reply_markup: screen.keyboard });
});

queriesHandler.callbackQuery(pendingButtons.page.filter, guard('status'), async (ctx) => {
  const { instruction, page } = pendingButtons.page.unpack(ctx.callbackQuery.data)!;
  const screen = await pendingScreen(ctx, instruction, page);
  if (!screen) return;
  await ctx.editMessageText(screen.text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, reply_markup: screen.keyboard }).catch(() => undefined);
});
