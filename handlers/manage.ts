import { Composer } from 'grammy';
import { escapeHtml } from '../src/domain/text';
import type { Messages } from '../src/infra/i18n';
import { cancelInstruction, closeInstruction, extendInstruction, resendFailed, shiftExtendedDue, type ManageResult } from '../src/features/manage/manage';
import { manageButtons } from '../src/features/manage/manage.callbacks';
import { renderDeadlineError } from '../src/features/issue/deadline.view';
import { deadlineHtml } from '../src/features/instruction/instruction.view';
import { renderOffDayNote, shiftKeyboard } from '../src/features/remind/working-days.view';
import type { BotContext } from '../src/infra/telegram/context';
import { args, guard, replyHtml } from '../src/infra/telegram/middleware';

/** The issuer (or the secretariat) closes, cancels or extends an instruction. */
export const manageHandler = new Composer<BotContext>();

function problem(t: Messages, tz: string, command: string, res: Exclude<ManageResult, { ok: true }>): string {
  switch (res.error) {
    case 'usage':
      return command === '/perpanjang' ? t.extendUsage : t.manageUsage(command);
    case 'bad_number':
      return t.badNumber(command);
    case 'unknown':
      return t.unknownNumber(escapeHtml(res.number));
    case 'not_issuer':
      return t.notIssuer;
    case 'ended':
      return t.alreadyEnded(escapeHtml(res.instruction.number), t.instructionStateName[res.instruction.state] ?? res.instruction.state);
    case 'deadline_format':
      return renderDeadlineError(t, res.deadline);
    case 'not_future':
      return t.extendNotLater(t.fmt.dateTime(res.at, tz));
  }
}

manageHandler.command('tutup', guard('tutup'), async (ctx) => {
  const res = await closeInstruction(ctx.deps, ctx.person!, args(ctx.match)[0]);
  if (!res.ok) return replyHtml(ctx, problem(ctx.t, ctx.deps.config.timezone, '/tutup', res));
  ctx.log.info({ number: res.instruction.number }, 'instruction closed');
  await replyHtml(ctx, ctx.t.closed(escapeHtml(res.instruction.number)));
});

manageHandler.command('batal', guard('batal'), async (ctx) => {
  const res = await cancelInstruction(ctx.deps, ctx.person!, args(ctx.match)[0]);
  if (!res.ok) return replyHtml(ctx, problem(ctx.t, ctx.deps.config.timezone, '/batal', res));
  ctx.log.info({ number: res.instruction.number }, 'instruction cancelled');
  await replyHtml(ctx, ctx.t.cancelled(escapeHtml(res.instruction.number), res.notified));
});

manageHandler.command('perpanjang', guard('perpanjang'), async (ctx) => {
  const [number, ...rest] = args(ctx.match);
  const res = await extendInstruction(ctx.deps, ctx.person!, number, rest.join(' '));
  if (!res.ok) return replyHtml(ctx, problem(ctx.t, ctx.deps.config.timezone, '/perpanjang', res));
  await replyExtended(ctx, res);
});

/** The answer to /perpanjang, and when the new date is a day off, the note and "Geser ke …" (issue #15). */
async function replyExtended(ctx: BotContext, res: Extract<ManageResult, { ok: true }>): Promise<void> {
  const tz = ctx.deps.config.timezone;
  // The new date as a date_time entity over the WIB text, as the groups' extension messages show it.
  const text = ctx.t.extended(escapeHtml(res.instruction.number), deadlineHtml(ctx.t, tz, res.dueAt!, ctx.deps.now()));
  if (!res.offDay) return replyHtml(ctx, text);
  const data = manageButtons.shift.pack({ from: res.dueAt!, number: res.instruction.number });
  await replyHtml(ctx, `${text}\n${renderOffDayNote(ctx.t, tz, res.offDay)}`, { reply_markup: shiftKeyboard(ctx.t, tz, res.offDay, data) });
}

manageHandler.callbackQuery(manageButtons.shift.filter, guard('perpanjang'), async (ctx) => {
  const { from, number } = manageButtons.shift.unpack(ctx.callbackQuery.data)!;
  const res = await shiftExtendedDue(ctx.deps, ctx.person!, number, from);
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  if (!res.ok) return replyHtml(ctx, res.error === 'moved' ? ctx.t.extendShiftGone : problem(ctx.t, ctx.deps.config.timezone, '/perpanjang', res));
  await replyExtended(ctx, res);
});

manageHandler.command('kirim_ulang', guard('kirim_ulang'), async (ctx) => {
  const res = await resendFailed(ctx.deps, ctx.person!, args(ctx.match)[0]);
  if (!res.ok) return replyHtml(ctx, problem(ctx.t, ctx.deps.config.timezone, '/kirim_ulang', res));
  await replyHtml(ctx, res.notified ? ctx.t.resent(escapeHtml(res.instruction.number), res.notified) : ctx.t.resentNone(escapeHtml(res.instruction.number)));
});
