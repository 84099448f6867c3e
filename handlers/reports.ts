import { Composer, InlineKeyboard } from 'grammy';
import { reportButtons } from '../src/features/report/report.callbacks';
import { groupButtons } from '../src/features/instruction/instruction.callbacks';
import type { Message } from 'grammy/types';
import type { Attachment } from '../src/infra/db/schema';
import { escapeHtml } from '../src/domain/text';
import type { Messages } from '../src/infra/i18n';
import { attachmentsOf, reportById, reportsOf } from '../src/features/report/read';
import { notify } from '../src/features/notify/notify';
import { findInstruction } from '../src/features/status/status';
import {
  addToReport,
  cancelReport,
  checkReporter,
  MAX_REPORT_TEXT,
  reportFromGroupReply,
  startReport,
  submitReport,
  type ReporterCheck,
  type SubmitResult,
} from '../src/features/report/reports';
import { acceptReport, askReturnReason, type ReviewResult } from '../src/features/report/review';
import { renderReviewAlreadyDecided } from '../src/features/report/report.view';
import type { BotContext } from '../src/infra/telegram/context';
import { args, guard, replyHtml } from '../src/infra/telegram/middleware';

/** Follow-up reports: composed in the private chat (or as a reply in the group), reviewed by the issuer. */
export const reportsHandler = new Composer<BotContext>();

export const reportKeyboard = (t: Messages) =>
  new InlineKeyboard()
    .text(t.btnSendProgress, reportButtons.send.pack({ kind: 'prog' }))
    .success()
    .text(t.btnSendDone, reportButtons.send.pack({ kind: 'done' }))
    .success()
    .row()
    .text(t.btnCancelReport, reportButtons.cancel.pack({}))
    .danger();

export function refusalText(t: Messages, res: Exclude<ReporterCheck, { ok: true }> | Exclude<SubmitResult, { ok: true }>): string {
  if (res.reason === 'inactive') return t.accountInactive;
  if (res.reason === 'not_member' || res.reason === 'not_registered') return t.reportNotMember('opdName' in res ? res.opdName : 'OPD ini');
  if (res.reason === 'empty') return t.reportEmpty;
  if (res.reason === 'too_long') return t.reportTooLong(MAX_REPORT_TEXT);
  if (res.reason === 'none') return t.reportNone;
  return t.reportRefused[res.reason] ?? t.reportRefused.unknown!;
}

/** The media of a message as an attachment (the largest photo size). */
export function attachmentOf(msg: Message): Attachment | undefined {
  if (msg.photo?.length) return { kind: 'photo', file_id: msg.photo[msg.photo.length - 1]!.file_id };
  if (msg.document) return { kind: 'document', file_id: msg.document.file_id, ...(msg.document.file_name ? { file_name: msg.document.file_name } : {}) };
  return undefined;
}

// 📝 on the group's instruction message: members are sent to their private chat with the bot.
reportsHandler.callbackQuery(groupButtons.report.filter, async (ctx) => {
  const { assignment } = groupButtons.report.unpack(ctx.callbackQuery.data)!;
  const check = await checkReporter(ctx.deps, assignment, ctx.from.id);
  if (!check.ok) return void (await ctx.answerCallbackQuery({ text: refusalText(ctx.t, check), show_alert: true }));
  await ctx.answerCallbackQuery({ url: `https://t.me/${ctx.me.username}?start=lapor-${assignment}` });
});

/** /start lapor-<id> (from the button's link). */
export async function beginReport(ctx: BotContext, assignmentId: number): Promise<void> {
  const res = await startReport(ctx.deps, assignmentId, ctx.from!.id);
  if (!res.ok) return replyHtml(ctx, refusalText(ctx.t, res));
  await replyHtml(ctx, ctx.t.reportStart(escapeHtml(res.ctx.number), `<b>${escapeHtml(res.ctx.opd_code)}</b> — ${escapeHtml(res.ctx.opd_name)}`), {
    reply_markup: new InlineKeyboard().text(ctx.t.btnCancelReport, reportButtons.cancel.pack({})).danger(),
  });
}

/** A text, photo or document while a report is being composed. Returns false when none is. */
export async function collectReportPiece(ctx: BotContext, msg: Message): Promise<boolean> {
  const res = await addToReport(ctx.deps, ctx.from!.id, { text: msg.text ?? msg.caption, attachment: attachmentOf(msg) });
  if (!res.ok && res.reason === 'none') return false;
  if (!res.ok) {
    await replyHtml(ctx, ctx.t.reportTooLong(3000));
    return true;
  }
  await replyHtml(ctx, ctx.t.reportCollected(escapeHtml(res.number), res.draft.text !== '', res.draft.attachments.length), { reply_markup: reportKeyboard(ctx.t) });
  return true;
}

const privateButtons = reportsHandler.chatType('private');

privateButtons.callbackQuery(reportButtons.send.filter, async (ctx) => {
  const res = await submitReport(ctx.deps, ctx.from.id, reportButtons.send.unpack(ctx.callbackQuery.data)!.kind === 'done' ? 'done' : 'progress');
  if (!res.ok) {
    await ctx.answerCallbackQuery({ text: refusalText(ctx.t, res).replace(/<[^>]+>/g, ''), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  ctx.log.info({ report: res.report.id, kind: res.report.kind, opd: res.ctx.opd_code }, 'report submitted');
  await replyHtml(ctx, ctx.t.reportSent(escapeHtml(res.ctx.number), res.report.kind === 'done' ? ctx.t.reportKindDone : ctx.t.reportKindProgress));
});

privateButtons.callbackQuery(reportButtons.cancel.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  const had = await cancelReport(ctx.deps, ctx.from.id);
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await replyHtml(ctx, had ? ctx.t.reportCancelled : ctx.t.reportNone);
});

// A member's reply to the bot's instruction message in the group: a progress report.
reportsHandler.chatType(['group', 'supergroup']).on('message', async (ctx, next) => {
  const replied = ctx.message.reply_to_message;
  const text = ctx.message.text ?? ctx.message.caption ?? '';
  if (!replied || replied.from?.id !== ctx.me.id || text.startsWith('/')) return next();
  const attachment = attachmentOf(ctx.message);
  const res = await reportFromGroupReply(ctx.deps, ctx.chat.id, replied.message_id, ctx.from.id, { text, attachments: attachment ? [attachment] : [] });
  if (!res.ok && res.reason === 'not_instruction') return next();
  if (!res.ok) return replyHtml(ctx, refusalText(ctx.t, res as Exclude<SubmitResult, { ok: true }>), { reply_parameters: { message_id: ctx.message.message_id } });
  await replyHtml(ctx, ctx.t.reportSentGroup(escapeHtml(ctx.person?.name ?? ctx.from.first_name), escapeHtml(res.ctx.number)), {
    reply_parameters: { message_id: ctx.message.message_id },
  });
});

// ✔ Terima / ↩ Kembalikan on a "done" report in the issuer's chat.
function reviewRefusal(t: Messages, res: Exclude<ReviewResult, { ok: true }>, tz: string): string {
  if ('by' in res) return renderReviewAlreadyDecided(t, tz, res.by);
  return t.reviewRefused[res.reason] ?? t.reviewRefused.unknown!;
}

reportsHandler.callbackQuery(reportButtons.accept.filter, async (ctx) => {
  const res = await acceptReport(ctx.deps, reportButtons.accept.unpack(ctx.callbackQuery.data)!.report, ctx.from.id);
  if (!res.ok) return void (await ctx.answerCallbackQuery({ text: reviewRefusal(ctx.t, res, ctx.deps.config.timezone), show_alert: true }));
  await ctx.answerCallbackQuery({ text: ctx.t.btnAccept });
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await replyHtml(ctx, ctx.t.reviewAccepted(escapeHtml(res.number), escapeHtml(res.opd)));
});

reportsHandler.callbackQuery(reportButtons.return.filter, async (ctx) => {
  const res = await askReturnReason(ctx.deps, reportButtons.return.unpack(ctx.callbackQuery.data)!.report, ctx.from.id);
  if (!res.ok) return void (await ctx.answerCallbackQuery({ text: reviewRefusal(ctx.t, res, ctx.deps.config.timezone), show_alert: true }));
  await ctx.answerCallbackQuery();
  await replyHtml(ctx, ctx.t.reviewAskReason(escapeHtml(res.number), escapeHtml(res.opd)));
});

// /laporan NOMOR: every report per OPD; its files re-sent on request.
reportsHandler.command('laporan', guard('laporan'), async (ctx) => {
  const [raw] = args(ctx.match);
  if (!raw) return replyHtml(ctx, ctx.t.manageUsage('/laporan'));
  const found = await findInstruction(ctx.deps, raw);
  if (!found.ok) return replyHtml(ctx, found.error === 'bad_number' ? ctx.t.badNumber('/laporan') : ctx.t.unknownNumber(escapeHtml(found.number)));
  const reports = await reportsOf(ctx.deps, found.value.id);
  const number = escapeHtml(found.value.number);
  if (reports.length === 0) return replyHtml(ctx, ctx.t.reportsNone(number));
  const tz = ctx.deps.config.timezone;
  const lines = [ctx.t.reportsHeader(number, reports.length)];
  const kb = new InlineKeyboard();
  let current = '';
  // 📎 buttons count each OPD's reports from 1, as listed under its heading.
  let nth = 0;
  reports.forEach((r) => {
    nth++;
    if (r.opd_code !== current) {
      current = r.opd_code;
      nth = 1;
      lines.push(ctx.t.reportsOpd(escapeHtml(r.opd_code), escapeHtml(r.opd_name)));
    }
    const files = attachmentsOf(r).length;
    const kind = r.kind === 'done' ? ctx.t.reportKindDone : ctx.t.reportKindProgress;
    lines.push(
      ctx.t.reportsLine(
        ctx.t.fmt.shortDateTime(r.created_at, tz),
        kind,
        escapeHtml(r.person_name),
        ctx.t.reviewStateName[r.review_state] ?? '',
        escapeHtml(r.text) || ctx.t.reportNoText,
        files,
      ),
    );
    if (files) kb.text(ctx.t.btnFiles(r.opd_code, nth), reportButtons.files.pack({ report: r.id })).row();
  });
  await replyHtml(ctx, lines.join('\n'), kb.inline_keyboard.length ? { reply_markup: kb } : {});
});

reportsHandler.callbackQuery(reportButtons.files.filter, guard('laporan'), async (ctx) => {
  const report = await reportById(ctx.deps, reportButtons.files.unpack(ctx.callbackQuery.data)!.report);
  const files = report ? attachmentsOf(report) : [];
  if (!report || files.length === 0) return void (await ctx.answerCallbackQuery({ text: ctx.t.filesNone, show_alert: true }));
  await ctx.answerCallbackQuery();
  const caption = (i: number) => `${escapeHtml(String(report.id))} — ${i}/${files.length}`;
  await notify(
    ctx.deps,
    files.map((f, i) => ({
      chat_id: ctx.from.id,
      text: caption(i + 1),
      kind: 'report_file',
      media: JSON.stringify(f),
      assignment_id: report.assignment_id,
      opd_id: report.opd_id,
    })),
  );
});
