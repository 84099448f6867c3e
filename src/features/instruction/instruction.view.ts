import { InlineKeyboard } from 'grammy';
import { groupButtons } from './instruction.callbacks';
import { escapeHtml } from '../../domain/text';
import type { Messages } from '../../infra/i18n';

/** An OPD as messages about one of its assignments name it: the code in bold, then the name. */
export function opdHeading(code: string, name: string): string {
  return `<b>${escapeHtml(code)}</b> — ${escapeHtml(name)}`;
}

export interface GroupMessageModel {
  number: string;
  text: string;
  priority: string;
  issuer_name: string;
  ack_deadline: number;
  due_at: number;
  state: string; // assignment state
  instruction_state: string;
  acked_by_name: string | null;
  acked_at: number | null;
}

/** The message one OPD group receives, reflecting who acknowledged. */
export function renderGroupMessage(t: Messages, tz: string, m: GroupMessageModel): string {
  const lines = [t.groupMessageTitle(escapeHtml(m.number), t.priorityName[m.priority] ?? m.priority), t.groupFrom(escapeHtml(m.issuer_name)), '', escapeHtml(m.text), ''];
  if (m.instruction_state === 'cancelled') {
    lines.push(t.groupCancelled);
  } else if (m.instruction_state === 'closed') {
    if (m.acked_at !== null) lines.push(t.groupAcked(escapeHtml(m.acked_by_name ?? '-'), t.fmt.dateTime(m.acked_at, tz)));
    lines.push(t.groupClosed);
  } else if (m.acked_at !== null) {
    lines.push(t.groupAcked(escapeHtml(m.acked_by_name ?? '-'), t.fmt.dateTime(m.acked_at, tz)));
    lines.push(t.groupDueBy(t.fmt.dateTime(m.due_at, tz)));
  } else {
    lines.push(t.groupAckBy(t.fmt.dateTime(m.ack_deadline, tz)));
    lines.push(t.groupDueBy(t.fmt.dateTime(m.due_at, tz)));
  }
  return lines.join('\n');
}

export function groupKeyboard(t: Messages, assignmentId: number, acked: boolean): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (!acked) kb.text(t.btnAck, groupButtons.ack.pack({ assignment: assignmentId }));
  kb.text(t.btnReport, groupButtons.report.pack({ assignment: assignmentId }));
  return kb.row().text(t.btnExtend, groupButtons.extend.pack({ assignment: assignmentId }));
}

export interface SummaryModel {
  number: string;
  state: string;
  ack_deadline: number;
  total: number;
  acked: number;
  done: number;
  overdue: number;
  failed: number;
}

/** The issuer's view of both clocks: acknowledged x/n, done y/n, overdue z. */
export function renderSummary(t: Messages, tz: string, s: SummaryModel): string {
  const lines = [
    `${t.summaryTitle(escapeHtml(s.number))}${s.state !== 'open' ? ` (${t.instructionStateName[s.state] ?? s.state})` : ''}`,
    t.summaryAck(s.acked, s.total),
    t.summaryDone(s.done, s.total),
    t.summaryAckDeadline(t.fmt.dateTime(s.ack_deadline, tz)),
  ];
  if (s.overdue > 0) lines.push(t.summaryOverdue(s.overdue));
  if (s.failed > 0) lines.push(t.summaryFailed(s.failed));
  if (s.total > 0 && s.acked === s.total && s.done < s.total) lines.push(t.summaryAllAcked);
  return lines.join('\n');
}
