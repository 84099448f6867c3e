import type { StepKind } from '../../domain/reminder-policy';
import { escapeHtml, fitHtml, TELEGRAM_TEXT_LIMIT } from '../../domain/text';
import type { Messages } from '../../infra/i18n';
import { deadlineHtml, opdHeading, personName } from '../instruction/instruction.view';

/** Which reminder text: a step's kind, except that an overdue step reads differently to the OPD ('overdue') and to the secretariat. */
export type ReminderText = StepKind | 'overdue_secretariat';

/** What a reminder or an escalation is about: one OPD's assignment. */
export interface ReminderModel {
  number: string;
  opdCode: string;
  opdName: string;
  ackDeadline: number;
  dueAt: number;
  /** The OPD's heads, named in escalations. */
  headNames: string[];
}

/** One reminder or escalation as one reader reads it: dates and durations written by the reader's catalogue, like the sentence around them. */
export function renderReminder(t: Messages, tz: string, now: number, kind: ReminderText, m: ReminderModel): string {
  // An escalation names every head of the OPD: a long list is cut rather than refused.
  return fitHtml(reminderText(t, tz, now, kind, m), TELEGRAM_TEXT_LIMIT, t.truncated);
}

function reminderText(t: Messages, tz: string, now: number, kind: ReminderText, m: ReminderModel): string {
  const number = escapeHtml(m.number);
  const opd = opdHeading(m.opdCode, m.opdName);
  // date_time entities (Bot API 9.5): `now` is before the moment the reminder is sent, so it bounds them safely.
  const ackDeadline = deadlineHtml(t, tz, m.ackDeadline, now);
  const due = deadlineHtml(t, tz, m.dueAt, now);
  switch (kind) {
    case 'ack_reminder': {
      const left = m.ackDeadline > now ? t.timeLeft(t.fmt.duration(m.ackDeadline - now)) : t.timePast(t.fmt.duration(now - m.ackDeadline));
      return t.remindAck(number, opd, ackDeadline, left);
    }
    case 'escalate_secretariat':
      return t.escalateSecretariat(number, opd, headNames(t, m.headNames), t.fmt.duration(now - m.ackDeadline), ackDeadline);
    case 'escalate_pimpinan':
      return t.escalatePimpinan(number, opd, headNames(t, m.headNames), t.fmt.duration(now - m.ackDeadline), ackDeadline);
    case 'due_day_before':
      return t.remindDueDayBefore(number, opd, due);
    case 'due_morning':
      return t.remindDueMorning(number, opd, due);
    case 'overdue':
      return t.overdueOpd(number, opd, due);
    case 'overdue_secretariat':
      return t.overdueSecretariat(number, opd, due);
    case 'overdue_daily':
      return t.overdueDaily(number, opd, t.fmt.duration(now - m.dueAt));
  }
}

/** The OPD's heads, or the reader's words for "no head registered". */
function headNames(t: Messages, names: string[]): string {
  return names.length ? names.map(personName).join(', ') : t.noHead;
}
