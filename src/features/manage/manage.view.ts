import { escapeHtml } from '../../domain/text';
import type { Messages } from '../../infra/i18n';

/** /batal: what each OPD group that received the instruction is told. */
export function renderCancelledGroup(t: Messages, number: string): string {
  return t.cancelledGroup(escapeHtml(number));
}

/** /perpanjang: what each OPD group is told of the new follow-up due date. */
export function renderExtendedGroup(t: Messages, tz: string, number: string, dueAt: number): string {
  return t.extendedGroup(escapeHtml(number), t.fmt.dateTime(dueAt, tz));
}
