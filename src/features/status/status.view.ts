import type { ObstacleListRow } from '../obstacle/obstacles.queries';
import { renderObstacleLines } from '../obstacle/obstacle.view';
import type { AssignmentRow, AwaitingAckRow } from '../instruction/assignments.queries';
import type { Instruction } from '../../infra/db/schema';
import { escapeHtml } from '../../domain/text';
import type { Messages } from '../../infra/i18n';

/** /belum: grouped by instruction, with how long since delivery. */
export function renderNotAcknowledged(t: Messages, tz: string, now: number, rows: AwaitingAckRow[]): string {
  if (rows.length === 0) return t.belumNone;
  const lines = [t.belumHeader(rows.length)];
  let current = '';
  for (const r of rows) {
    if (r.number !== current) {
      current = r.number;
      lines.push(t.belumGroup(escapeHtml(r.number), t.fmt.shortDateTime(r.ack_deadline, tz)));
    }
    const since = r.delivered_at !== null ? t.sinceDelivery(t.fmt.duration(now - r.delivered_at)) : t.notDelivered(deliveryWhy(t, r.delivery_state, r.delivery_error));
    lines.push(t.belumLine(escapeHtml(r.opd_code), escapeHtml(r.opd_name), since));
  }
  return lines.join('\n');
}

function deliveryWhy(t: Messages, state: string, error: string | null): string {
  if (state === 'no_chat') return t.stNoChat;
  if (state === 'failed') return t.stFailed(escapeHtml(error ?? '-'));
  if (state === 'sending') return t.stSending;
  return t.stQueued;
}

/** /status nomor: one line per target OPD. */
export function renderStatus(t: Messages, tz: string, instruction: Instruction, rows: AssignmentRow[], obstacles: ObstacleListRow[] = []): string {
  const acked = rows.filter((r) => r.acked_at !== null).length;
  const lines = [t.statusHeader(escapeHtml(instruction.number), t.instructionStateName[instruction.state] ?? instruction.state, acked, rows.length)];
  for (const r of rows) lines.push(t.statusLine(escapeHtml(r.opd_code), escapeHtml(r.opd_name), assignmentState(t, tz, instruction, r)));
  // Obstacles (kendala), each open or answered or handled, and by whom.
  lines.push(...renderObstacleLines(t, tz, obstacles));
  return lines.join('\n');
}

function assignmentState(t: Messages, tz: string, instruction: Instruction, r: AssignmentRow): string {
  return assignmentStateOnly(t, tz, instruction, r) + (r.delegate_name ? t.stHandledBy(escapeHtml(r.delegate_name)) : '');
}

function assignmentStateOnly(t: Messages, tz: string, instruction: Instruction, r: AssignmentRow): string {
  if (r.state === 'cancelled') return t.stCancelled;
  if (r.state === 'done' && r.done_at !== null) return t.stDone(t.fmt.shortDateTime(r.done_at, tz));
  if (r.state === 'reported' && r.reported_at !== null) return t.stReported(t.fmt.shortDateTime(r.reported_at, tz));
  if (r.state === 'in_progress') return t.stInProgress(t.fmt.shortDateTime(Number(r.last_report_at ?? r.acked_at ?? r.updated_at), tz));
  if (r.acked_at !== null) return t.stAcked(escapeHtml(r.acked_by_name ?? '-'), t.fmt.shortDateTime(r.acked_at, tz), r.acked_at > instruction.ack_deadline);
  if (r.delivery_state === 'sent' && r.delivered_at !== null) return t.stDelivered(t.fmt.shortDateTime(r.delivered_at, tz));
  return deliveryWhy(t, r.delivery_state, r.delivery_error);
}
