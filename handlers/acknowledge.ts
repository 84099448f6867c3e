import { Composer } from 'grammy';
import { formatDateTime } from '../src/domain/time';
import { acknowledge } from '../src/services/acknowledge';
import { enqueueGroupRefresh } from '../src/services/group-message';
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
  // The group's message will say who acknowledged and when. The edit counts against
  // Telegram's limits, so it is queued rather than awaited here: the next press in this
  // group is answered at once.
  await enqueueGroupRefresh(ctx.deps, [assignmentId]);
});
