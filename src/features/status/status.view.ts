import type { ObstacleListRow } from '../obstacle/obstacles.queries';
import { renderObstacleLines } from '../obstacle/obstacle.view';
import type { AssignmentRow, AwaitingAckRow } from '../instruction/assignments.queries';
import type { Instruction } from '../../infra/db/schema';
import { escapeHtml } from '../../domain/text';
import type { Messages } from '../../infra/i18n';
import type { InlineKeyboard } from 'grammy';
import { pageWith } from '../../infra/telegram/paging';
import { opdHeading, personName } from '../instruction/instruction.view';
import type { PendingOpd } from './status';

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

/** How many OPDs one page of the 📋 list shows (two lines each). */
export const PENDING_PER_PAGE = 15;

/**
 * The 📋 list (issue #15): the OPDs not yet acknowledged, then those acknowledged but not
 * finished, each with its head's name; paged, each section's heading repeated on the page it
 * continues on.
 */
export function renderPendingList(
  t: Messages,
  list: { number: string; notAcked: PendingOpd[]; notDone: PendingOpd[] },
  pageNo: number,
  data: (page: number) => string,
): { text: string; keyboard: InlineKeyboard | undefined } {
  if (list.notAcked.length + list.notDone.length === 0) return { text: t.pendingNone(escapeHtml(list.number)), keyboard: undefined };
  const items = [...list.notAcked.map((o) => ({ section: 'ack' as const, o })), ...list.notDone.map((o) => ({ section: 'done' as const, o }))];
  const pg = pageWith(t, items, pageNo, data, PENDING_PER_PAGE);
  const lines = [t.pendingListHeader(escapeHtml(list.number))];
  let section: 'ack' | 'done' | null = null;
  for (const { section: s, o } of pg.slice) {
    if (s !== section) {
      section = s;
      lines.push('', s === 'ack' ? t.pendingNotAcked(list.notAcked.length) : t.pendingNotDone(list.notDone.length));
    }
    lines.push(t.pendingLine(opdHeading(o.code, o.name), o.heads.length > 0 ? o.heads.map(personName).join(', ') : null));
  }
  if (pg.footer) lines.push('', pg.footer);
  return { text: lines.join('\n'), keyboard: pg.keyboard };
}
