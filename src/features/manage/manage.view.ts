import { escapeHtml } from '../../domain/text';
import { personName } from '../instruction/instruction.view';
import type { Messages } from '../../infra/i18n';

/** /batal: what each OPD group that received the instruction is told. */
export function renderCancelledGroup(t: Messages, number: string): string {
  return t.cancelledGroup(escapeHtml(number));
}

/** /perpanjang: what each OPD group is told of the new follow-up due date. */
export function renderExtendedGroup(t: Messages, tz: string, number: string, dueAt: number): string {
  return t.extendedGroup(escapeHtml(number), t.fmt.dateTime(dueAt, tz));
}

/** The issuer hears that someone else (the secretariat) closed, cancelled or extended their instruction. */
export function renderIssuerTold(t: Messages, tz: string, what: 'closed' | 'cancelled' | 'extended', number: string, who: string, dueAt: number): string {
  if (what === 'closed') return t.issuerToldClosed(escapeHtml(number), personName(who));
  if (what === 'cancelled') return t.issuerToldCancelled(escapeHtml(number), personName(who));
  return t.issuerToldExtended(escapeHtml(number), personName(who), t.fmt.dateTime(dueAt, tz));
}

/** /tutup: what each OPD group that received the instruction is told (its message is edited too). */
export function renderClosedGroup(t: Messages, number: string): string {
  return t.closedGroup(escapeHtml(number));
}

/** The secretariat hears that the issuer closed, cancelled or extended their own instruction. */
export function renderDecisionTold(t: Messages, tz: string, what: 'closed' | 'cancelled' | 'extended', number: string, who: string, dueAt: number): string {
  if (what === 'closed') return t.decisionToldClosed(escapeHtml(number), personName(who));
  if (what === 'cancelled') return t.decisionToldCancelled(escapeHtml(number), personName(who));
  return t.decisionToldExtended(escapeHtml(number), personName(who), t.fmt.dateTime(dueAt, tz));
}
