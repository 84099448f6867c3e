import { loadAssignmentContext, type AssignmentContext } from '../instruction/assignments.queries';
import { endConversation, getConversation, saveConversation } from '../../infra/db/conversations';
import { recordEvent } from '../../infra/db/events';
import { findPersonByTelegramId } from '../organisation/people.queries';
import { insertReport, moveAssignment } from './reports.queries';
import type { Attachment, Person, Report, ReportKind } from '../../infra/db/schema';
import { decideReport, type ReportDecision } from '../../domain/assignment';
import { ackDenial, type AckDenial } from '../../domain/permissions';
import type { AppDeps } from '../../infra/deps';
import { messagesFor, type Messages } from '../../infra/i18n';
import { effects, inTransaction, priorityRank } from '../../infra/queue/effects';
import { writeMessages } from '../notify/notify';
import type { NewOutboxMessage } from '../notify/outbox.queries';
import { deciders, issuer as issuerRecipient, type Recipient } from '../organisation/recipients';
import { renderReportAttachment, renderReportForward, type ForwardedTextModel } from './report.view';

export const MAX_REPORT_TEXT = 3000;

export interface ReportDraft {
  text: string;
  attachments: Attachment[];
}

type Refusal = Exclude<ReportDecision, { ok: true }>['reason'];
export type ReporterCheck =
  | { ok: true; person: Person; ctx: AssignmentContext }
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: AckDenial; opdName: string }
  | { ok: false; reason: Refusal };

/** Only a member of the assignment's OPD (head, staff, or the delegated person) reports for it. */
export async function checkReporter(deps: AppDeps, assignmentId: number, telegramId: number): Promise<ReporterCheck> {
  const ctx = await loadAssignmentContext(deps.db, assignmentId);
  if (!ctx) return { ok: false, reason: 'unknown' };
  const person = await findPersonByTelegramId(deps.db, telegramId);
  const denial = ackDenial(person, ctx.opd_id);
  // The person an instruction was delegated to reports for it too, while active.
  if ((denial || !person) && !(person?.active === 1 && ctx.delegate_id === person.id)) return { ok: false, reason: denial ?? 'not_registered', opdName: ctx.opd_name };
  const decision = decideReport(ctx.state, ctx.instruction_state, 'progress');
  if (!decision.ok) return { ok: false, reason: decision.reason };
  return { ok: true, person: person!, ctx };
}

/** What the private chat collects for an assignment: a report, or an obstacle (the obstacle feature). */
export type CollectKind = 'report' | 'obstacle';

/** The private chat starts collecting text and files of `kind` for the assignment, if the person may report for it. */
export async function startCollecting(deps: AppDeps, kind: CollectKind, assignmentId: number, telegramId: number): Promise<ReporterCheck> {
  const check = await checkReporter(deps, assignmentId, telegramId);
  if (check.ok) await saveConversation<ReportDraft>(deps.db, telegramId, { kind, refId: assignmentId, step: 'collect', data: { text: '', attachments: [] } }, deps.now());
  return check;
}

export type AddResult = { ok: true; draft: ReportDraft; number: string } | { ok: false; reason: 'none' | 'too_long' };

/** A piece (text, a file) added to what is being collected of `kind`: texts joined line by line, up to `maxText` characters. */
export async function addToCollected(deps: AppDeps, kind: CollectKind, telegramId: number, piece: { text?: string; attachment?: Attachment }, maxText: number): Promise<AddResult> {
  const conv = await getConversation<ReportDraft>(deps.db, telegramId);
  if (conv?.kind !== kind) return { ok: false, reason: 'none' };
  const draft = conv.data;
  const text = piece.text?.trim() ? (draft.text ? `${draft.text}\n${piece.text.trim()}` : piece.text.trim()) : draft.text;
  if (text.length > maxText) return { ok: false, reason: 'too_long' };
  const next: ReportDraft = { text, attachments: piece.attachment ? [...draft.attachments, piece.attachment] : draft.attachments };
  await saveConversation(deps.db, telegramId, { ...conv, data: next }, deps.now());
  const ctx = await loadAssignmentContext(deps.db, conv.refId);
  return { ok: true, draft: next, number: ctx?.number ?? '' };
}

/** 📝 Kirim laporan → the private chat collects text and files until the person submits. */
export function startReport(deps: AppDeps, assignmentId: number, telegramId: number): Promise<ReporterCheck> {
  return startCollecting(deps, 'report', assignmentId, telegramId);
}

export function addToReport(deps: AppDeps, telegramId: number, piece: { text?: string; attachment?: Attachment }): Promise<AddResult> {
  return addToCollected(deps, 'report', telegramId, piece, MAX_REPORT_TEXT);
}

export type SubmitResult =
  | { ok: true; report: Report; ctx: AssignmentContext; acknowledged: boolean }
  | { ok: false; reason: 'none' | 'empty' | 'too_long' }
  | Exclude<ReporterCheck, { ok: true }>;

export async function submitReport(deps: AppDeps, telegramId: number, kind: ReportKind): Promise<SubmitResult> {
  const conv = await getConversation<ReportDraft>(deps.db, telegramId);
  if (conv?.kind !== 'report') return { ok: false, reason: 'none' };
  if (conv.data.text === '' && conv.data.attachments.length === 0) return { ok: false, reason: 'empty' };
  const res = await createReport(deps, conv.refId, telegramId, kind, conv.data);
  if (res.ok || res.reason !== 'empty') await endConversation(deps.db, telegramId);
  return res;
}

/** Drops what was being collected of `kind`: false when nothing of that kind was. */
export async function cancelCollecting(deps: AppDeps, kind: CollectKind, telegramId: number): Promise<boolean> {
  const conv = await getConversation(deps.db, telegramId);
  if (conv?.kind !== kind) return false;
  await endConversation(deps.db, telegramId);
  return true;
}

export function cancelReport(deps: AppDeps, telegramId: number): Promise<boolean> {
  return cancelCollecting(deps, 'report', telegramId);
}

/**
 * Records a report: the assignment moves (a first report also acknowledges), the event log
 * gets it, and the issuer receives it with its files; a "done" report carries the review buttons
 * and goes to the secretariat too.
 */
export async function createReport(deps: AppDeps, assignmentId: number, telegramId: number, kind: ReportKind, draft: ReportDraft): Promise<SubmitResult> {
  if (draft.text.trim() === '' && draft.attachments.length === 0) return { ok: false, reason: 'empty' };
  // A group reply is not capped by the private draft: a longer text would make the issuer's copy too long to send.
  if (draft.text.trim().length > MAX_REPORT_TEXT) return { ok: false, reason: 'too_long' };
  const check = await checkReporter(deps, assignmentId, telegramId);
  if (!check.ok) return check;
  const { person, ctx } = check;
  const decision = decideReport(ctx.state, ctx.instruction_state, kind);
  if (!decision.ok) return { ok: false, reason: decision.reason };
  const now = deps.now();
  // A progress report goes to the issuer; a done report, which awaits review, also to the
  // secretariat (who may review it for the leadership), each copy with the buttons.
  const recipients = kind === 'done' ? await deciders(deps, ctx.issuer_id) : await issuerRecipient(deps, ctx.issuer_id);
  const report = await inTransaction(
    deps,
    async (u) => {
      const { trx } = u;
      const report = await insertReport(
        trx,
        { assignment_id: ctx.id, instruction_id: ctx.instruction_id, opd_id: ctx.opd_id, person_id: person.id, kind, text: draft.text.trim(), attachments: draft.attachments },
        now,
      );
      const moved = await moveAssignment(
        trx,
        ctx.id,
        ['pending', 'delivered', 'acknowledged', 'in_progress'],
        decision.next,
        { ...(decision.acknowledges ? { acked_at: now, acked_by: person.id } : {}), ...(kind === 'done' ? { reported_at: now } : {}) },
        now,
      );
      if (!moved) throw new Error('assignment changed while reporting');
      if (decision.acknowledges)
        await recordEvent(
          trx,
          { kind: 'acknowledged', instruction_id: ctx.instruction_id, assignment_id: ctx.id, opd_id: ctx.opd_id, actor_telegram_id: telegramId, data: { via: 'report' } },
          now,
        );
      await recordEvent(
        trx,
        {
          kind: kind === 'done' ? 'report_done' : 'report_progress',
          instruction_id: ctx.instruction_id,
          assignment_id: ctx.id,
          opd_id: ctx.opd_id,
          actor_telegram_id: telegramId,
          data: { report: report.id, files: draft.attachments.length },
        },
        now,
      );
      const rows = forwardWithFiles(recipients, ctx, 'report', draft.attachments, (t) => ({
        ...renderReportForward(t, { reportId: report.id, kind, ...forwardedText(ctx, person.name, report.text, draft.attachments.length) }),
        caption: (index, count) => renderReportAttachment(t, ctx.number, ctx.opd_code, index, count),
      }));
      await writeMessages(u, rows);
      u.effect(effects.summary(ctx.instruction_id, now, deps.config.summaryEditIntervalMs));
      if (decision.acknowledges) u.effect(effects.groupRefresh(ctx.id));
      return { report };
    },
    now,
  );
  return { ok: true, report: report.report, ctx, acknowledged: decision.acknowledges };
}

/** What a forward says of the text `reporter` sent (a report, an obstacle) for the assignment. */
export function forwardedText(ctx: AssignmentContext, reporter: string, text: string, files: number): ForwardedTextModel {
  return { number: ctx.number, opdCode: ctx.opd_code, opdName: ctx.opd_name, reporter, text, files };
}

/**
 * What an OPD sent (a report, an obstacle) with its files, to each recipient in their
 * language: each file first (captioned by `render`), then the message with its buttons;
 * outbox kinds `kind` and `<kind>_file`.
 */
export function forwardWithFiles(
  recipients: Recipient[],
  ctx: AssignmentContext,
  kind: CollectKind,
  attachments: Attachment[],
  render: (t: Messages) => { text: string; buttons: string | null; caption: (index: number, count: number) => string },
): NewOutboxMessage[] {
  return recipients.flatMap((r) => {
    const t = messagesFor(r.lang);
    const { text, buttons, caption } = render(t);
    return [
      ...attachments.map((a, i) => ({
        chat_id: r.chatId,
        text: caption(i + 1, attachments.length),
        kind: `${kind}_file`,
        assignment_id: ctx.id,
        opd_id: ctx.opd_id,
        priority: priorityRank(ctx.priority),
        media: JSON.stringify(a),
      })),
      { chat_id: r.chatId, text, kind, assignment_id: ctx.id, opd_id: ctx.opd_id, priority: priorityRank(ctx.priority), buttons },
    ];
  });
}

/** A member's reply to the bot's instruction message in the group is a progress report. */
export async function reportFromGroupReply(
  deps: AppDeps,
  chatId: number,
  repliedMessageId: number,
  telegramId: number,
  draft: ReportDraft,
): Promise<SubmitResult | { ok: false; reason: 'not_instruction' }> {
  const row = await deps.db.selectFrom('assignments').select('id').where('chat_id', '=', chatId).where('message_id', '=', repliedMessageId).executeTakeFirst();
  if (!row) return { ok: false, reason: 'not_instruction' };
  return createReport(deps, row.id, telegramId, 'progress', draft);
}
