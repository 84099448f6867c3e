import { reportButtons } from './report.callbacks';
import type { ReportKind } from '../../infra/db/schema';
import { escapeHtml, fitAround, fitHtml, TELEGRAM_CAPTION_LIMIT, TELEGRAM_TEXT_LIMIT } from '../../domain/text';
import type { Messages } from '../../infra/i18n';
import { opdHeading, personName } from '../instruction/instruction.view';

/** What a message forwarding an OPD's own text (a report, an obstacle) says of it. */
export interface ForwardedTextModel {
  number: string;
  opdCode: string;
  opdName: string;
  reporter: string;
  text: string;
  files: number;
}

export interface ReportForwardModel extends ForwardedTextModel {
  reportId: number;
  kind: ReportKind;
}

/** `frame` around an OPD's own text (escaped; "no text" when empty): within Telegram's 4,096 characters, that text shortened first. */
export function fitForwardedText(t: Messages, text: string, frame: (body: string) => string): string {
  return fitAround(frame, escapeHtml(text) || t.reportNoText, TELEGRAM_TEXT_LIMIT, t.truncated);
}

/**
 * A report as the issuer (and, for a done report, the secretariat) reads it; a done report
 * carries the review buttons (outbox JSON), so it is one message: within Telegram's 4,096
 * characters, the report's text shortened first (ending in "(terpotong)").
 */
export function renderReportForward(t: Messages, m: ReportForwardModel): { text: string; buttons: string | null } {
  const text = fitForwardedText(t, m.text, (body) =>
    t.reportForward(escapeHtml(m.number), opdHeading(m.opdCode, m.opdName), personName(m.reporter), m.kind === 'done' ? t.reportKindDone : t.reportKindProgress, body, m.files),
  );
  const buttons =
    m.kind === 'done'
      ? JSON.stringify({
          inline_keyboard: [
            [
              { text: t.btnAccept, callback_data: reportButtons.accept.pack({ report: m.reportId }), style: 'success' },
              { text: t.btnReturn, callback_data: reportButtons.return.pack({ report: m.reportId }), style: 'danger' },
            ],
          ],
        })
      : null;
  return { text, buttons };
}

/** The caption of one forwarded file of a report (`index` counts from 1). */
export function renderReportAttachment(t: Messages, number: string, opdCode: string, index: number, count: number): string {
  return fitHtml(t.reportAttachment(escapeHtml(number), escapeHtml(opdCode), index, count), TELEGRAM_CAPTION_LIMIT, t.truncated);
}

/** The OPD group hears the review: accepted, or returned with the reviewer's reason. */
export function renderReviewGroup(t: Messages, accepted: boolean, number: string, reason: string): string {
  return accepted ? t.reviewAcceptedGroup(escapeHtml(number)) : t.reviewReturnedGroup(escapeHtml(number), escapeHtml(reason));
}

/** The issuer hears that every target OPD is done and the instruction closed. */
export function renderAllDone(t: Messages, number: string): string {
  return t.allDone(escapeHtml(number));
}

/** The issuer hears a review someone else (the secretariat) made of an OPD's done report. */
export function renderIssuerToldReview(t: Messages, accepted: boolean, number: string, opdCode: string, who: string, reason: string): string {
  return t.issuerToldReview(accepted, escapeHtml(number), escapeHtml(opdCode), personName(who), escapeHtml(reason));
}

/** What replaces ✔ Terima / ↩ Kembalikan on every copy of a done report: who decided what, and when. */
export function renderReviewDecisionLine(t: Messages, tz: string, accepted: boolean, who: string, at: number): string {
  return t.decidedBy(accepted ? t.decisionWord.rv_ok : t.decisionWord.rv_ret, personName(who), t.fmt.dateTime(at, tz));
}

/** The alert for a press on a report copy already reviewed: who decided what, and when (plain text, as an alert shows it). */
export function renderReviewAlreadyDecided(t: Messages, tz: string, by: { name: string; accepted: boolean; at: number }): string {
  return t.reviewDecidedBy(by.accepted ? t.decisionWord.rv_ok : t.decisionWord.rv_ret, by.name, t.fmt.shortDateTime(by.at, tz));
}
