import { extensionButtons } from './extend.callbacks';
import { escapeHtml, fitAround, TELEGRAM_TEXT_LIMIT } from '../../domain/text';
import type { Messages } from '../../infra/i18n';
import { opdHeading, personName } from '../instruction/instruction.view';

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

/** What a decider receives for one extension request, with its Setujui / Tolak buttons (outbox JSON): one message, the reason shortened first if need be. */
export function renderExtensionRequest(t: Messages, tz: string, m: ExtensionRequestModel): { text: string; buttons: string } {
  const text = fitAround(
    (reason) =>
      t.extRequest(escapeHtml(m.number), opdHeading(m.opdCode, m.opdName), personName(m.requester), t.fmt.dateTime(m.currentDue, tz), t.fmt.dateTime(m.requestedDue, tz), reason),
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

/** The OPD group hears the decision; `due` is the due date that now holds (the new one when approved). */
export function renderExtensionDecidedGroup(t: Messages, tz: string, approved: boolean, number: string, due: number): string {
  return approved ? t.extApprovedGroup(escapeHtml(number), t.fmt.dateTime(due, tz)) : t.extRefusedGroup(escapeHtml(number), t.fmt.dateTime(due, tz));
}

/** The issuer hears an extension decision someone else (the secretariat) took; `due` is the due date that now holds. */
export function renderIssuerToldExtDecided(t: Messages, tz: string, approved: boolean, number: string, opdCode: string, who: string, due: number): string {
  return t.issuerToldExtDecided(approved, escapeHtml(number), escapeHtml(opdCode), personName(who), t.fmt.dateTime(due, tz));
}

/** What replaces Setujui / Tolak on every copy of the request: who decided what, and when. */
export function renderExtDecisionLine(t: Messages, tz: string, approved: boolean, who: string, at: number): string {
  return t.decidedBy(approved ? t.decisionWord.ext_ok : t.decisionWord.ext_no, personName(who), t.fmt.dateTime(at, tz));
}
