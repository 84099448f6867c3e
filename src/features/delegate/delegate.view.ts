import { escapeHtml } from '../../domain/text';
import type { Messages } from '../../infra/i18n';

/** The staff member the head handed an instruction to is told in the private chat. */
export function renderDelegatedDm(t: Messages, number: string, headName: string): string {
  return t.delegatedDm(escapeHtml(number), escapeHtml(headName));
}
