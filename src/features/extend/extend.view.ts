import { extensionButtons } from './extend.callbacks';
import { escapeHtml, fitAround, TELEGRAM_TEXT_LIMIT } from '../../domain/text';
import type { Messages } from '../../infra/i18n';
import { deadlineHtml, opdHeading, personName } from '../instruction/instruction.view';

export interface ExtensionRequestModel {
  requestId: number;
  number: string;
  opdCode: string;
  opdName: string;
  requester: string;
  currentDue: number;
  requestedDue: number;
  reason: string;
}

/**
 * A due date in an extension message: a date_time entity (Bot API 9.5) over the WIB/WITA/WIT
 * text when `now` (the moment it is written, before it is sent) is given, plain text without.
 */
function dueHtml(t: Messages, tz: string, ms: number, now: number | undefined): string {
  return now === undefined ? t.fmt.dateTime(ms, tz) : deadlineHtml(t, tz, ms, now);
}

/** What a decider receives for one extension request, with its Setujui / Tolak buttons (outbox JSON): one message, the reason shortened first if need be. */
export function renderExtensionRequest(t: Messages, tz: string, m: ExtensionRequestModel, now?: number): { text: string; buttons: string } {
  const text = fitAround(
    (reason) =>
      t.extRequest(escapeHtml(m.number), opdHeading(m.opdCode, m.opdName), personName(m.requester), dueHtml(t, tz, m.currentDue, now), dueHtml(t, tz, m.requestedDue, now), reason),
    escapeHtml(m.reason),
    TELEGRAM_TEXT_LIMIT,
    t.truncated,
  );
  const buttons = JSON.stringify({
    inline_keyboard: [
      [
        { text: t.btnApprove, callback_data: extensionButtons.decide.pack({ decision: 'ok', request: m.requestId }), style: 'success' },
        { text: t.btnRefuse, callback_data: extensionButtons.decide.pack({ decision: 'no', request: m.requestId }), style: 'danger' },
      ],
    ],
  });
  return { text, buttons };
}

/**
 * The answer to whoever asked for an extension (/minta_perpanjangan or the ⏳ conversation):
 * the requested date as a date_time entity, as the deciders' copies show it; `now` is when it is written.
 */
export function renderExtSent(t: Messages, tz: string, number: string, due: number, now: number): string {
  return t.extSent(escapeHtml(number), deadlineHtml(t, tz, due, now));
}

/** The answer to the decider who approved: the OPD's new due date as a date_time entity. */
export function renderExtApproved(t: Messages, tz: string, number: string, opd: string, due: number, now: number): string {
  return t.extApproved(escapeHtml(number), escapeHtml(opd), deadlineHtml(t, tz, due, now));
}

/** The OPD group hears the decision; `due` is the due date that now holds (the new one when approved). */
export function renderExtensionDecidedGroup(t: Messages, tz: string, approved: boolean, number: string, due: number, now?: number): string {
  const when = dueHtml(t, tz, due, now);
  return approved ? t.extApprovedGroup(escapeHtml(number), when) : t.extRefusedGroup(escapeHtml(number), when);
}

/** The issuer hears an extension decision someone else (the secretariat) took; `due` is the due date that now holds. */
export function renderIssuerToldExtDecided(t: Messages, tz: string, approved: boolean, number: string, opdCode: string, who: string, due: number, now?: number): string {
  return t.issuerToldExtDecided(approved, escapeHtml(number), escapeHtml(opdCode), personName(who), dueHtml(t, tz, due, now));
}

/** What replaces Setujui / Tolak on every copy of the request: who decided what, and when. */
export function renderExtDecisionLine(t: Messages, tz: string, approved: boolean, who: string, at: number): string {
  return t.decidedBy(approved ? t.decisionWord.ext_ok : t.decisionWord.ext_no, personName(who), t.fmt.dateTime(at, tz));
}

/** The alert for a press on a copy already decided: who decided what, and when (plain text, as an alert shows it). */
export function renderExtAlreadyDecided(t: Messages, tz: string, by: { name: string; approved: boolean; at: number }): string {
  return t.extDecidedBy(by.approved ? t.decisionWord.ext_ok : t.decisionWord.ext_no, by.name, t.fmt.shortDateTime(by.at, tz));
}

/** The answer to "Geser ke …" pressed after the request was decided: who decided what, and when. */
export function renderExtShiftDecided(t: Messages, tz: string, by: { name: string; approved: boolean; at: number } | undefined): string {
  if (!by) return t.extDecided;
  return t.extRequestShiftDecided(by.approved ? t.decisionWord.ext_ok : t.decisionWord.ext_no, personName(by.name), t.fmt.dateTime(by.at, tz));
}
