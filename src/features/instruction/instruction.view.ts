import { InlineKeyboard } from 'grammy';
import { groupButtons, pendingButtons } from './instruction.callbacks';
import { escapeHtml, fitAround, fitHtml, TELEGRAM_TEXT_LIMIT } from '../../domain/text';
import { NAME_LIMITS, shorten } from '../../domain/names';
import type { Messages } from '../../infra/i18n';

/** An OPD as messages about one of its assignments name it: the code in bold, then the name. */
export function opdHeading(code: string, name: string): string {
  return `<b>${escapeHtml(code)}</b> — ${escapeHtml(shorten(name, NAME_LIMITS.opd))}`;
}

/**
 * A person's name as a message shows it, escaped, never longer than NAME_LIMITS.person (names
 * are bounded when they are stored; one stored before that is shortened here).
 */
export function personName(name: string): string {
  return escapeHtml(shorten(name, NAME_LIMITS.person));
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
  /** The pimpinan a secretariat member sent it on behalf of (issuer_name is then the sender). */
  on_behalf_name: string | null;
  /** Its verification code (verification.ts), checked with /cek. */
  verification_code: string;
  /** When it was issued: the message is sent and edited after it (bounds the date_time entities). */
  issued_at: number;
}

/** Telegram refuses a date_time entity more than 1,098 days after its own clock (Bot API 9.5). */
const DATE_TIME_MAX_AHEAD_MS = 1098 * 86_400_000;

/**
 * A deadline as a `date_time` entity (Bot API 9.5, `<tg-time>` in HTML): a client that knows it
 * shows the moment in its reader's own time zone and language (weekday, long date, time); an
 * older one shows the text as written, in the organisation's zone with WIB/WITA/WIT. The
 * stored message text is that fallback either way, so a forwarded or pasted copy reads the
 * same. A moment Telegram would refuse (more than 1,098 days after `notBefore`, which is no
 * later than Telegram's clock when the message is sent or edited) is written as plain text.
 */
export function deadlineHtml(t: Messages, tz: string, ms: number, notBefore: number): string {
  const text = t.fmt.dateTime(ms, tz);
  if (ms < 0 || ms > notBefore + DATE_TIME_MAX_AHEAD_MS) return text;
  return `<tg-time unix="${Math.floor(ms / 1000)}" format="wDt">${text}</tg-time>`;
}

/**
 * The message one OPD group receives, reflecting who acknowledged. It is edited in place as
 * things change, so it cannot be split: when it would be longer than Telegram's 4,096
 * characters, the instruction's text is shortened (ending in "(terpotong)") and who sent it,
 * who acknowledged and the deadlines stay whole.
 */
export function renderGroupMessage(t: Messages, tz: string, m: GroupMessageModel): string {
  const from = m.on_behalf_name !== null ? t.groupOnBehalf(personName(m.issuer_name), personName(m.on_behalf_name)) : t.groupFrom(personName(m.issuer_name));
  const head = [t.groupMessageTitle(escapeHtml(m.number), t.priorityName[m.priority] ?? m.priority), from, ''];
  const tail = [''];
  if (m.instruction_state === 'cancelled') {
    tail.push(t.groupCancelled);
  } else if (m.instruction_state === 'closed') {
    if (m.acked_at !== null) tail.push(t.groupAcked(personName(m.acked_by_name ?? '-'), t.fmt.dateTime(m.acked_at, tz)));
    if (m.state === 'done') tail.push(t.groupReportAccepted);
    tail.push(t.groupClosed);
  } else if (m.state === 'done') {
    if (m.acked_at !== null) tail.push(t.groupAcked(personName(m.acked_by_name ?? '-'), t.fmt.dateTime(m.acked_at, tz)));
    tail.push(t.groupReportAccepted);
  } else if (m.acked_at !== null) {
    tail.push(t.groupAcked(personName(m.acked_by_name ?? '-'), t.fmt.dateTime(m.acked_at, tz)));
    tail.push(t.groupDueBy(deadlineHtml(t, tz, m.due_at, m.issued_at)));
  } else {
    tail.push(t.groupAckBy(deadlineHtml(t, tz, m.ack_deadline, m.issued_at)));
    tail.push(t.groupDueBy(deadlineHtml(t, tz, m.due_at, m.issued_at)));
  }
  // Kept whole (the text is shortened first): a forwarded or copied message can be checked.
  tail.push(t.verifyLine(escapeHtml(m.number), escapeHtml(m.verification_code)));
  return fitAround((text) => [...head, text, ...tail].join('\n'), escapeHtml(m.text), TELEGRAM_TEXT_LIMIT, t.truncated);
}

export function groupKeyboard(t: Messages, assignmentId: number, acked: boolean): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (!acked) kb.text(t.btnAck, groupButtons.ack.pack({ assignment: assignmentId })).success();
  kb.text(t.btnReport, groupButtons.report.pack({ assignment: assignmentId }));
  return kb
    .row()
    .text(t.btnExtend, groupButtons.extend.pack({ assignment: assignmentId }))
    .text(t.btnObstacle, groupButtons.obstacle.pack({ assignment: assignmentId }));
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
  verification_code: string;
  /** Obstacles (kendala) reported and not yet marked handled. */
  obstacles?: number;
  /** Deliveries sent with Telegram's paid broadcast (issue #14; src/features/deliver/paid.ts). */
  paid?: number;
  /** When it was issued (bounds the date_time entity); without it the deadline is plain text. */
  created_at?: number;
}

/** The issuer's view of both clocks: acknowledged x/n, done y/n, overdue z. */
export function renderSummary(t: Messages, tz: string, s: SummaryModel): string {
  const lines = [
    `${t.summaryTitle(escapeHtml(s.number))}${s.state !== 'open' ? ` (${t.instructionStateName[s.state] ?? s.state})` : ''}`,
    t.summaryAck(s.acked, s.total),
    t.summaryDone(s.done, s.total),
    t.summaryAckDeadline(s.created_at === undefined ? t.fmt.dateTime(s.ack_deadline, tz) : deadlineHtml(t, tz, s.ack_deadline, s.created_at)),
  ];
  if (s.overdue > 0) lines.push(t.summaryOverdue(s.overdue));
  if (s.failed > 0) lines.push(t.summaryFailed(s.failed));
  if (s.paid) lines.push(t.summaryPaid(s.paid));
  if (s.obstacles) lines.push(t.summaryObstacles(s.obstacles));
  if (s.total > 0 && s.acked === s.total && s.done < s.total) lines.push(t.summaryAllAcked);
  lines.push(t.verifyLine(escapeHtml(s.number), escapeHtml(s.verification_code)));
  // Sent once, then edited in place: never split.
  return fitHtml(lines.join('\n'), TELEGRAM_TEXT_LIMIT, t.truncated);
}

/** The 📋 button under the issuer's summary and /status: who has not acknowledged / not finished (issue #15). */
export function pendingKeyboard(t: Messages, instructionId: number): InlineKeyboard {
  return new InlineKeyboard().text(t.btnPendingList, pendingButtons.list.pack({ instruction: instructionId }));
}

/** The Kirim preview's delivery counter: "(n/N)" while groups are being reached, then how many were. */
export function renderPreviewCounter(t: Messages, c: { number: string; sent: number; total: number; done: boolean }): string {
  const number = escapeHtml(c.number);
  if (!c.done) return t.issuedProgress(number, c.total, c.sent);
  return [t.issuedDelivered(number, c.sent, c.total), ...(c.sent < c.total ? [t.summaryFailed(c.total - c.sent)] : [])].join('\n');
}
