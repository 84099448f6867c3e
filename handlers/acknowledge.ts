import { Composer } from 'grammy';
import { acknowledge, refreshStaleAckButton, removeDuplicateCopy, type KeptMessage } from '../src/features/acknowledge/acknowledge';
import { groupButtons } from '../src/features/instruction/instruction.callbacks';
import type { BotContext } from '../src/infra/telegram/context';

/** ✅ Siap, diterima — one tap by a member of the OPD. The callback query is always answered. */
export const acknowledgeHandler = new Composer<BotContext>();

acknowledgeHandler.callbackQuery(groupButtons.ack.filter, async (ctx) => {
  const assignmentId = groupButtons.ack.unpack(ctx.callbackQuery.data)!.assignment;
  const tz = ctx.deps.config.timezone;
  // The person was read by the bot's middleware for this update; no second lookup.
  const res = await acknowledge(ctx.deps, assignmentId, ctx.from.id, ctx.person);
  if (!res.ok) {
    const t = ctx.t;
    const text =
      res.reason === 'already'
        ? t.ackAlready(res.byName, t.fmt.dateTime(res.at, tz))
        : res.reason === 'not_registered'
          ? t.ackNotRegistered
          : res.reason === 'inactive'
            ? t.ackInactive
            : res.reason === 'not_member'
              ? t.ackNotMember(res.opdName)
              : res.reason === 'unknown'
                ? t.ackUnknown
                : t.ackClosed;
    await ctx.answerCallbackQuery({ text, show_alert: res.reason !== 'already' });
    if (res.reason === 'already' && !(await removeCopy(ctx, assignmentId, res.kept))) await refreshStaleAckButton(ctx.deps, assignmentId, res.at, offersAck(ctx, assignmentId));
    return;
  }
  // Recorded in the database: only now is the user thanked.
  await ctx.answerCallbackQuery({ text: ctx.t.ackThanks });
  ctx.log.info({ assignmentId, opd: res.ctx.opd_code }, 'acknowledged');
  await removeCopy(ctx, assignmentId, { chatId: res.ctx.chat_id, messageId: res.ctx.message_id });
});

/** The press was on a second copy of the group message (left by a crash): it goes. */
function removeCopy(ctx: BotContext, assignmentId: number, kept: KeptMessage): Promise<boolean> {
  const pressed = ctx.callbackQuery?.message;
  if (!pressed) return Promise.resolve(false);
  return removeDuplicateCopy(ctx.deps, assignmentId, kept, { chatId: pressed.chat.id, messageId: pressed.message_id });
}

/** The pressed message (as the user's client shows it) still has this assignment's ✅ button. */
function offersAck(ctx: BotContext, assignmentId: number): boolean {
  const data = groupButtons.ack.pack({ assignment: assignmentId });
  const markup = ctx.callbackQuery?.message && 'reply_markup' in ctx.callbackQuery.message ? ctx.callbackQuery.message.reply_markup : undefined;
  return markup?.inline_keyboard.some((row) => row.some((b) => 'callback_data' in b && b.callback_data === data)) ?? false;
}
