import { Composer } from 'grammy';
import { formatDateTime } from '../src/domain/time';
import { defaultMessages } from '../src/i18n';
import { acknowledge } from '../src/services/acknowledge';
import { isNotModified } from '../src/services/telegram-errors';
import { groupKeyboard, renderGroupMessage } from '../src/views/instruction';
import type { BotContext } from './context';

/** ✅ Siap, diterima — one tap by a member of the OPD. The callback query is always answered. */
export const acknowledgeHandler = new Composer<BotContext>();

acknowledgeHandler.callbackQuery(/^ack:(\d+)$/, async (ctx) => {
  const assignmentId = Number(ctx.match[1]);
  const tz = ctx.deps.config.timezone;
  const res = await acknowledge(ctx.deps, assignmentId, ctx.from.id);
  if (!res.ok) {
    const t = ctx.t;
    const text =
      res.reason === 'already' ? t.ackAlready(res.byName, formatDateTime(res.at, tz))
      : res.reason === 'not_registered' ? t.ackNotRegistered
      : res.reason === 'inactive' ? t.ackInactive
      : res.reason === 'not_member' ? t.ackNotMember(res.opdName)
      : res.reason === 'unknown' ? t.ackUnknown
      : t.ackClosed;
    return void (await ctx.answerCallbackQuery({ text, show_alert: res.reason !== 'already' }));
  }
  await ctx.answerCallbackQuery({ text: ctx.t.ackThanks });
  ctx.log.info({ assignmentId, opd: res.ctx.opd_code }, 'acknowledged');
  // The group's message now says who acknowledged and when (group text stays in the org's language).
  const t = defaultMessages;
  try {
    await ctx.editMessageText(renderGroupMessage(t, tz, res.ctx), { parse_mode: 'HTML', reply_markup: groupKeyboard(t, assignmentId, true) });
  } catch (err) {
    if (!isNotModified(err)) ctx.log.warn({ err, assignmentId }, 'could not edit the group message after acknowledgement');
  }
});
