import { mayDecide } from '../../domain/permissions';
import { loadAssignmentContext } from '../instruction/assignments.queries';
import { endConversation, getConversation, saveConversation } from '../../infra/db/conversations';
import { recordEvent } from '../../infra/db/events';
import { setInstructionState } from '../instruction/instructions.queries';
import { findPersonById, findPersonByTelegramId } from '../organisation/people.queries';
import { findReport, moveAssignment, reviewReport } from './reports.queries';
import type { Report } from '../../infra/db/schema';
import { decideReview } from '../../domain/assignment';
import type { AppDeps } from '../../infra/deps';
import { defaultMessages, messagesFor } from '../../infra/i18n';
import { effects, inTransaction, priorityRank } from '../../infra/queue/effects';
import { deliveredAssignmentIds } from '../instruction/group-message';
import { retireDecisionCopies, writeMessages } from '../notify/notify';
import { reportButtons } from './report.callbacks';
import { decisionAudience, issuer } from '../organisation/recipients';
import { renderAllDone, renderIssuerToldReview, renderReviewDecisionLine, renderReviewGroup } from './report.view';

export type ReviewResult =
  | { ok: true; report: Report; number: string; opd: string; accepted: boolean; instructionDone: boolean }
  | { ok: false; reason: 'unknown' | 'not_reviewer' | 'already_decided' | 'not_awaiting' | 'instruction_closed' | 'reason_empty' | 'reason_too_long' }
  /** Reviewed first by `by` (issue #15): a second reviewer pressing an old copy learns who, what and when. */
  | { ok: false; reason: 'already_decided'; by: { name: string; accepted: boolean; at: number } };

async function alreadyReviewed(deps: AppDeps, reportId: number): Promise<ReviewResult> {
  const report = await findReport(deps.db, reportId);
  const who = report?.reviewed_by != null ? await findPersonById(deps.db, report.reviewed_by) : undefined;
  if (!report || !who || report.reviewed_at === null) return { ok: false, reason: 'already_decided' };
  return { ok: false, reason: 'already_decided', by: { name: who.name, accepted: report.review_state === 'accepted', at: report.reviewed_at } };
}

/** A return reason is quoted to the OPD group, an extension reason to the deciders: kept well under Telegram's 4096 characters. */
export const MAX_REASON_TEXT = 1000;

async function reviewable(deps: AppDeps, reportId: number, reviewerTelegramId: number) {
  const report = await findReport(deps.db, reportId);
  if (!report) return { ok: false as const, reason: 'unknown' as const };
  const ctx = (await loadAssignmentContext(deps.db, report.assignment_id))!;
  const reviewer = await findPersonByTelegramId(deps.db, reviewerTelegramId);
  if (!reviewer || !mayDecide(reviewer, ctx.issuer_id)) return { ok: false as const, reason: 'not_reviewer' as const };
  return { ok: true as const, report, ctx, reviewer };
}

/** ↩ Kembalikan: the reviewer is asked for a reason in the private chat first. */
export async function askReturnReason(
  deps: AppDeps,
  reportId: number,
  reviewerTelegramId: number,
): Promise<ReviewResult | { ok: true; asking: true; number: string; opd: string }> {
  const r = await reviewable(deps, reportId, reviewerTelegramId);
  if (!r.ok) return r;
  const d = decideReview(r.ctx.state, r.report.review_state, r.ctx.instruction_state, false);
  if (!d.ok) return d.reason === 'already_decided' ? alreadyReviewed(deps, reportId) : { ok: false, reason: d.reason };
  await saveConversation(deps.db, reviewerTelegramId, { kind: 'return_reason', refId: reportId, step: 'reason', data: {} }, deps.now());
  return { ok: true, asking: true, number: r.ctx.number, opd: r.ctx.opd_code };
}

/** The reviewer's next text while a return reason is awaited. Null when none is awaited. */
export async function giveReturnReason(deps: AppDeps, reviewerTelegramId: number, reason: string): Promise<ReviewResult | null> {
  const conv = await getConversation(deps.db, reviewerTelegramId);
  if (conv?.kind !== 'return_reason') return null;
  if (reason.trim() === '') return { ok: false, reason: 'reason_empty' };
  if (reason.trim().length > MAX_REASON_TEXT) return { ok: false, reason: 'reason_too_long' };
  await endConversation(deps.db, reviewerTelegramId);
  return decide(deps, conv.refId, reviewerTelegramId, false, reason.trim());
}

export function acceptReport(deps: AppDeps, reportId: number, reviewerTelegramId: number): Promise<ReviewResult> {
  return decide(deps, reportId, reviewerTelegramId, true, null);
}

/**
 * ✔ accepted → the OPD is done; ↩ returned → back to in progress with the reason sent to the
 * group (and its follow-up reminders resume). Decided once: a second press changes nothing.
 * When every target OPD is done, the issuer is told and the instruction closes itself.
 */
async function decide(deps: AppDeps, reportId: number, reviewerTelegramId: number, accept: boolean, reason: string | null): Promise<ReviewResult> {
  const r = await reviewable(deps, reportId, reviewerTelegramId);
  if (!r.ok) return r;
  const { report, ctx, reviewer } = r;
  const d = decideReview(ctx.state, report.review_state, ctx.instruction_state, accept);
  if (!d.ok) return d.reason === 'already_decided' ? alreadyReviewed(deps, reportId) : { ok: false, reason: d.reason };
  const now = deps.now();
  const issuerPeople = await issuer(deps, ctx.issuer_id);
  // Reviewed by someone else (the secretariat): the issuer is told; by the issuer: the secretariat (issue #15).
  const told = await decisionAudience(deps, reviewer, ctx.issuer_id);
  // An acceptance needs nothing more from the OPD: its reporter is told privately and the group's
  // instruction message shows it (an edit, no new message in the group). A return needs work,
  // so the whole group is told, as a reply to the instruction.
  const reporter = accept ? await findPersonById(deps.db, report.person_id) : undefined;
  const tellReporterOnly = reporter !== undefined && reporter.active === 1 && ctx.message_id !== null;
  const outcome = await inTransaction(
    deps,
    async (u) => {
      const { trx } = u;
      if (!(await reviewReport(trx, report.id, accept, reason, reviewer.id, now))) return null;
      await moveAssignment(trx, ctx.id, ['reported'], d.next, accept ? { done_at: now } : { reported_at: null }, now);
      await recordEvent(
        trx,
        {
          kind: accept ? 'report_accepted' : 'report_returned',
          instruction_id: ctx.instruction_id,
          assignment_id: ctx.id,
          opd_id: ctx.opd_id,
          actor_telegram_id: reviewerTelegramId,
          data: { report: report.id, reason },
        },
        now,
      );
      const rows = [];
      if (tellReporterOnly) {
        rows.push({
          chat_id: reporter.telegram_id,
          text: renderReviewGroup(messagesFor(reporter.lang), accept, ctx.number, ''),
          kind: 'report_accepted',
          assignment_id: ctx.id,
          opd_id: ctx.opd_id,
          priority: priorityRank(ctx.priority),
          reply_to: null,
        });
        u.effect(effects.groupRefreshFor(ctx.id, `accepted-${report.id}`));
      } else if (ctx.chat_id !== null) {
        const text = renderReviewGroup(defaultMessages, accept, ctx.number, reason ?? '');
        rows.push({
          chat_id: ctx.chat_id,
          text,
          kind: accept ? 'report_accepted' : 'report_returned',
          assignment_id: ctx.id,
          opd_id: ctx.opd_id,
          priority: priorityRank(ctx.priority),
          reply_to: ctx.message_id,
        });
      }
      let instructionDone = false;
      if (accept) {
        const open = await trx
          .selectFrom('assignments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('instruction_id', '=', ctx.instruction_id)
          .where('state', 'not in', ['done', 'cancelled'])
          .executeTakeFirstOrThrow();
        if (Number(open.n) === 0) {
          instructionDone = true;
          await setInstructionState(trx, ctx.instruction_id, 'closed', now);
          await recordEvent(trx, { kind: 'instruction_completed', instruction_id: ctx.instruction_id }, now);
          for (const p of issuerPeople)
            rows.push({
              chat_id: p.chatId,
              text: renderAllDone(messagesFor(p.lang), ctx.number),
              kind: 'instruction_completed',
              assignment_id: null,
              opd_id: null,
              priority: 2,
              reply_to: null,
            });
        }
      }
      for (const [people, kind] of [
        [told.issuer, 'issuer_told_review'],
        [told.secretariat, 'secretariat_told_review'],
      ] as const) {
        for (const p of people)
          rows.push({
            chat_id: p.chatId,
            text: renderIssuerToldReview(messagesFor(p.lang), accept, ctx.number, ctx.opd_code, reviewer.name, reason ?? ''),
            kind,
            assignment_id: ctx.id,
            opd_id: ctx.opd_id,
            priority: 2,
            reply_to: null,
          });
      }
      await writeMessages(u, rows);
      // Every copy of the report (the issuer's, the secretariat's) loses its buttons: who decided what, and when.
      await retireDecisionCopies(u, 'report', reportButtons.accept.pack({ report: report.id }), (t) =>
        renderReviewDecisionLine(t, deps.config.timezone, accept, reviewer.name, now),
      );
      u.effect(effects.summary(ctx.instruction_id, now, deps.config.summaryEditIntervalMs));
      if (!accept) u.effect(effects.planTimers([ctx.id]));
      if (instructionDone) u.effect(...(await deliveredAssignmentIds(trx, ctx.instruction_id)).filter((id) => !tellReporterOnly || id !== ctx.id).map(effects.groupRefresh));
      return { instructionDone };
    },
    now,
  );
  if (!outcome) return alreadyReviewed(deps, reportId);
  return { ok: true, report, number: ctx.number, opd: ctx.opd_code, accepted: accept, instructionDone: outcome.instructionDone };
}
