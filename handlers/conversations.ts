import { Composer } from 'grammy';
import { currentConversation } from '../src/features/conversation/conversation';
import { escapeHtml } from '../src/domain/text';
import { continueExtension } from '../src/features/extend/extensions';
import { extensionButtons } from '../src/features/extend/extend.callbacks';
import { renderExtSent } from '../src/features/extend/extend.view';
import { renderOffDayNote, shiftKeyboard } from '../src/features/remind/working-days.view';
import { giveReturnReason, MAX_REASON_TEXT } from '../src/features/report/review';
import type { BotContext } from '../src/infra/telegram/context';
import { extensionProblem } from './extensions';
import { collectReportPiece } from './reports';
import { collectObstacleAnswer, collectObstaclePiece } from './obstacles';
import { replyHtml } from '../src/infra/telegram/middleware';

/**
 * Plain messages in a private chat answer the open conversation, if any: a report being
 * composed (text, photos, documents), a return reason, an extension request. Commands are
 * never swallowed.
 */
export const conversationsHandler = new Composer<BotContext>();

conversationsHandler.chatType('private').on(['message:text', 'message:photo', 'message:document'], async (ctx, next) => {
  if (ctx.message.text?.startsWith('/')) return next();
  const conv = await currentConversation(ctx.deps, ctx.from.id);
  if (!conv) return next();
  switch (conv.kind) {
    case 'report':
      if (await collectReportPiece(ctx, ctx.message)) return;
      return next();
    case 'obstacle':
      if (await collectObstaclePiece(ctx, ctx.message)) return;
      return next();
    case 'obstacle_answer':
      if (await collectObstacleAnswer(ctx, ctx.message.text ?? ctx.message.caption ?? '')) return;
      return next();
    case 'return_reason': {
      const res = await giveReturnReason(ctx.deps, ctx.from.id, ctx.message.text ?? ctx.message.caption ?? '');
      if (!res) return next();
      if (!res.ok) {
        if (res.reason === 'reason_too_long') return replyHtml(ctx, ctx.t.reasonTooLong(MAX_REASON_TEXT));
        return replyHtml(ctx, res.reason === 'reason_empty' ? ctx.t.reviewReasonEmpty : (ctx.t.reviewRefused[res.reason] ?? ctx.t.reviewRefused.unknown!));
      }
      return replyHtml(ctx, ctx.t.reviewReturned(escapeHtml(res.number), escapeHtml(res.opd)));
    }
    case 'extension': {
      const res = await continueExtension(ctx.deps, ctx.from.id, ctx.message.text ?? '');
      if (!res) return next();
      if (res.step === 'ask_reason') {
        if (!res.offDay) return replyHtml(ctx, ctx.t.extAskReason);
        // A date on a day off (issue #15): said, with "Geser ke …"; not pressed, the date stays.
        const tz = ctx.deps.config.timezone;
        return replyHtml(ctx, `${renderOffDayNote(ctx.t, tz, res.offDay)}\n${ctx.t.extAskReason}`, {
          reply_markup: shiftKeyboard(ctx.t, tz, res.offDay, extensionButtons.shift.pack({})),
        });
      }
      if (res.step === 'sent') return replyHtml(ctx, renderExtSent(ctx.t, ctx.deps.config.timezone, res.number, res.due, ctx.deps.now()));
      return replyHtml(ctx, extensionProblem(ctx.t, ctx.deps.config.timezone, res));
    }
    default:
      return next();
  }
});
