import { Composer, InlineKeyboard } from 'grammy';
import { delegateButtons } from '../src/features/delegate/delegate.callbacks';
import { extensionButtons } from '../src/features/extend/extend.callbacks';
import { groupButtons } from '../src/features/instruction/instruction.callbacks';
import { escapeHtml, plainText } from '../src/domain/text';
import type { Messages } from '../src/infra/i18n';
import { delegate, delegateByButton, type DelegateProblem } from '../src/features/delegate/delegation';
import {
  decideExtension,
  requestExtensionByCommand,
  shiftExtensionDate,
  shiftPendingRequest,
  startExtensionConversation,
  type ExtensionProblem,
} from '../src/features/extend/extensions';
import { renderExtAlreadyDecided, renderExtApproved, renderExtSent, renderExtShiftDecided } from '../src/features/extend/extend.view';
import { renderDeadlineError } from '../src/features/issue/deadline.view';
import { renderOffDayNote, shiftKeyboard } from '../src/features/remind/working-days.view';
import { checkReporter } from '../src/features/report/reports';
import { MAX_REASON_TEXT } from '../src/features/report/review';
import type { BotContext } from '../src/infra/telegram/context';
import { args, guard, replyHtml } from '../src/infra/telegram/middleware';

/** Extension requests (command or ⏳ button) and their decision; delegation inside an OPD. */
export const extensionsHandler = new Composer<BotContext>();

export function extensionProblem(t: Messages, tz: string, p: ExtensionProblem): string {
  switch (p.error) {
    case 'usage':
      return t.extUsage;
    case 'bad_number':
      return t.badNumber('/minta_perpanjangan');
    case 'unknown':
      return t.unknownNumber(escapeHtml(p.number));
    case 'not_member':
      return t.extNotMember;
    case 'reason_missing':
      return t.extReasonMissing;
    case 'reason_too_long':
      return t.reasonTooLong(MAX_REASON_TEXT);
    case 'pending':
      return t.extPending;
    case 'closed':
      return t.reportRefused.instruction_closed!;
    case 'deadline_format':
      return renderDeadlineError(t, p.deadline);
    case 'not_later':
      return t.extNotLater(t.fmt.dateTime(p.due, tz));
  }
}

extensionsHandler.command('minta_perpanjangan', guard('minta_perpanjangan'), async (ctx) => {
  const res = await requestExtensionByCommand(ctx.deps, ctx.from!.id, args(ctx.match));
  if (!res.ok) return replyHtml(ctx, extensionProblem(ctx.t, ctx.deps.config.timezone, res));
  const tz = ctx.deps.config.timezone;
  const sent = renderExtSent(ctx.t, tz, res.number, res.due, ctx.deps.now());
  if (!res.offDay) return replyHtml(ctx, sent);
  // Sent as typed; a date on a day off is said, with "Geser ke …" while it is undecided (issue #15).
  await replyHtml(ctx, `${sent}\n${renderOffDayNote(ctx.t, tz, res.offDay)} ${ctx.t.extSentOffDayShift}`, {
    reply_markup: shiftKeyboard(ctx.t, tz, res.offDay, extensionButtons.shiftRequest.pack({ request: res.requestId })),
  });
});

// "Geser ke …" under that answer: the pending request moves to the next working day, the deciders' copies with it.
extensionsHandler.callbackQuery(extensionButtons.shiftRequest.filter, async (ctx) => {
  const { request } = extensionButtons.shiftRequest.unpack(ctx.callbackQuery.data)!;
  const res = await shiftPendingRequest(ctx.deps, request, ctx.from.id);
  if (!res.ok && res.reason === 'not_member') return void (await ctx.answerCallbackQuery({ text: ctx.t.extNotMember, show_alert: true }));
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  const tz = ctx.deps.config.timezone;
  if (res.ok) return replyHtml(ctx, ctx.t.extRequestShifted(escapeHtml(res.number), ctx.t.fmt.dateTime(res.due, tz)));
  if (res.reason === 'decided') return replyHtml(ctx, renderExtShiftDecided(ctx.t, tz, 'by' in res.decided ? res.decided.by : undefined));
  await replyHtml(ctx, res.reason === 'not_off_day' ? ctx.t.extRequestShiftNone : ctx.t.extShiftGone);
});

// "Geser ke …" under the question for the reason: the requested date moves to the next working day.
extensionsHandler.callbackQuery(extensionButtons.shift.filter, async (ctx) => {
  const res = await shiftExtensionDate(ctx.deps, ctx.from.id);
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await replyHtml(ctx, res.ok ? ctx.t.extShifted(ctx.t.fmt.dateTime(res.at, ctx.deps.config.timezone)) : ctx.t.extShiftGone);
});

// ⏳ on the group's instruction message: continue in the private chat.
extensionsHandler.callbackQuery(groupButtons.extend.filter, async (ctx) => {
  const { assignment } = groupButtons.extend.unpack(ctx.callbackQuery.data)!;
  if (!(await memberCheck(ctx, assignment))) return;
  await ctx.answerCallbackQuery({ url: `https://t.me/${ctx.me.username}?start=ext-${assignment}` });
});

/** Only membership is checked on the button; the conversation starts when the private chat opens. */
async function memberCheck(ctx: BotContext, assignmentId: number): Promise<boolean> {
  const check = await checkReporter(ctx.deps, assignmentId, ctx.from!.id);
  if (!check.ok) {
    await ctx.answerCallbackQuery({
      text:
        check.reason === 'inactive'
          ? ctx.t.accountInactive
          : check.reason === 'not_member' || check.reason === 'not_registered'
            ? ctx.t.extNotMember
            : (ctx.t.reportRefused[check.reason] ?? ctx.t.reportRefused.unknown!),
      show_alert: true,
    });
    return false;
  }
  return true;
}

/** /start ext-<id> (from the button's link). */
export async function beginExtension(ctx: BotContext, assignmentId: number): Promise<void> {
  const res = await startExtensionConversation(ctx.deps, assignmentId, ctx.from!.id);
  if (!res.ok) return replyHtml(ctx, res.error === 'not_member' ? ctx.t.extNotMember : ctx.t.reportRefused.instruction_closed!);
  await replyHtml(ctx, ctx.t.extAskDate(escapeHtml(res.ctx.number), ctx.t.fmt.dateTime(res.ctx.due_at, ctx.deps.config.timezone)));
}

extensionsHandler.callbackQuery(extensionButtons.decide.filter, async (ctx) => {
  const { decision, request } = extensionButtons.decide.unpack(ctx.callbackQuery.data)!;
  const approve = decision === 'ok';
  const res = await decideExtension(ctx.deps, request, ctx.from.id, approve);
  if (!res.ok) {
    const text =
      res.reason === 'superseded'
        ? ctx.t.extSuperseded(ctx.t.fmt.dateTime(res.due, ctx.deps.config.timezone))
        : res.reason === 'already_decided'
          ? res.by
            ? renderExtAlreadyDecided(ctx.t, ctx.deps.config.timezone, res.by)
            : ctx.t.extDecided
          : res.reason === 'not_decider'
            ? ctx.t.reviewRefused.not_reviewer!
            : ctx.t.reportRefused.instruction_closed!;
    return void (await ctx.answerCallbackQuery({ text, show_alert: true }));
  }
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  const tz = ctx.deps.config.timezone;
  await replyHtml(
    ctx,
    res.approved ? renderExtApproved(ctx.t, tz, res.number, res.opd, res.due, ctx.deps.now()) : ctx.t.extRefusedMsg(escapeHtml(res.number), escapeHtml(res.opd)),
  );
});

function delegateProblem(t: Messages, res: DelegateProblem): string {
  switch (res.error) {
    case 'usage':
      return t.delegateUsage;
    case 'bad_number':
      return t.badNumber('/tugaskan');
    case 'unknown':
      return t.unknownNumber(escapeHtml(res.number));
    case 'only_head':
      return t.delegateOnlyHead;
    case 'not_target':
      return t.delegateNotTarget;
    case 'no_staff':
      return t.delegateNoStaff;
    case 'gone':
      return t.delegateGone;
    case 'unknown_user':
      return t.delegateUnknown(escapeHtml(res.user));
  }
}

extensionsHandler.command('tugaskan', guard('tugaskan'), async (ctx) => {
  const res = await delegate(ctx.deps, ctx.from!.id, args(ctx.match));
  if (res.ok === 'choose') {
    const keyboard = new InlineKeyboard();
    for (const p of res.candidates)
      keyboard.text(p.username ? `${p.name} (@${p.username})` : p.name, delegateButtons.choose.pack({ assignment: res.assignmentId, person: p.id })).row();
    return replyHtml(ctx, ctx.t.delegateChoose(escapeHtml(res.number)), { reply_markup: keyboard });
  }
  if (!res.ok) return replyHtml(ctx, delegateProblem(ctx.t, res));
  await replyHtml(ctx, ctx.t.delegated(escapeHtml(res.number), escapeHtml(res.name)));
});

/** A staff member picked from the /tugaskan list; only the OPD's head may pick. */
extensionsHandler.callbackQuery(delegateButtons.choose.filter, async (ctx) => {
  const { assignment, person } = delegateButtons.choose.unpack(ctx.callbackQuery.data)!;
  const res = await delegateByButton(ctx.deps, ctx.from.id, assignment, person);
  if (!res.ok) return void (await ctx.answerCallbackQuery({ text: plainText(delegateProblem(ctx.t, res)).slice(0, 200), show_alert: true }));
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t.delegated(escapeHtml(res.number), escapeHtml(res.name)), { parse_mode: 'HTML' }).catch(() => undefined);
});
