import { escapeHtml, fitHtml, TELEGRAM_TEXT_LIMIT } from '../../domain/text';
import type { Messages } from '../../infra/i18n';
import { opdHeading, personName } from '../instruction/instruction.view';
import { apelButtons } from './rollcall.callbacks';

/** One called person as the views show them. */
export interface EntryView {
  name: string;
  opdCode: string;
  opdName: string;
  answeredAt: number | null;
}

export interface TallyModel {
  scope: string;
  emergency: boolean;
  startedAt: number;
  deadlineAt: number;
  closed: boolean;
  entries: EntryView[];
}

/** The person's private message: what is asked, until when, and the button. */
export function renderCall(t: Messages, tz: string, deadlineAt: number, by: string, emergency: boolean, rollcallId: number) {
  return {
    text: t.apel.call(t.fmt.dateTime(deadlineAt, tz), escapeHtml(by), emergency),
    buttons: { inline_keyboard: [[{ text: t.apel.button, callback_data: apelButtons.present.pack({ rollcall: rollcallId }), style: 'success' }]] },
  };
}

/** The not-answered people, per OPD (one block per OPD, names on one line). */
export function missingList(entries: EntryView[]): string {
  const byOpd = new Map<string, { heading: string; names: string[] }>();
  for (const e of entries) {
    if (e.answeredAt !== null) continue;
    const block = byOpd.get(e.opdCode) ?? { heading: opdHeading(e.opdCode, e.opdName), names: [] };
    block.names.push(personName(e.name));
    byOpd.set(e.opdCode, block);
  }
  return [...byOpd.values()].map((b) => `${b.heading}\n   ${b.names.join(', ')}`).join('\n');
}

/** The caller's live tally: counts, per OPD, and once the deadline passed, who has not answered. */
export function renderTally(t: Messages, tz: string, now: number, m: TallyModel): string {
  const answered = m.entries.filter((e) => e.answeredAt !== null);
  const late = answered.filter((e) => e.answeredAt! > m.deadlineAt).length;
  const lines = [
    t.apel.tallyTitle(escapeHtml(m.scope), m.emergency),
    t.apel.tallyTimes(t.fmt.dateTime(m.startedAt, tz), t.fmt.dateTime(m.deadlineAt, tz)),
    '',
    t.apel.tallyCount(answered.length, m.entries.length, late),
  ];
  const perOpd = new Map<string, { answered: number; called: number }>();
  for (const e of m.entries) {
    const c = perOpd.get(e.opdCode) ?? { answered: 0, called: 0 };
    c.called++;
    if (e.answeredAt !== null) c.answered++;
    perOpd.set(e.opdCode, c);
  }
  for (const [code, c] of perOpd) lines.push(t.apel.tallyOpd(`<b>${escapeHtml(code)}</b>`, c.answered, c.called));
  lines.push('');
  if (answered.length === m.entries.length) lines.push(t.apel.tallyAllIn);
  else if (m.closed || now >= m.deadlineAt) lines.push(m.closed ? t.apel.tallyClosed : t.apel.tallyPassed, t.apel.missingTitle, missingList(m.entries));
  else lines.push(t.apel.tallyRunning);
  if (m.closed && answered.length === m.entries.length) lines.push(t.apel.tallyClosed);
  return fitHtml(lines.join('\n'), TELEGRAM_TEXT_LIMIT, t.truncated);
}

/** A notice of the chain (to a head, the secretariat or the caller), cut to Telegram's limit. */
export function renderNotice(
  t: Messages,
  tz: string,
  kind: 'head' | 'secretariat' | 'caller_deadline' | 'caller_all_in' | 'caller_final',
  scope: string,
  deadlineAt: number,
  missing: EntryView[],
): string {
  const s = escapeHtml(scope);
  const deadline = t.fmt.dateTime(deadlineAt, tz);
  const list = missingList(missing);
  const text =
    kind === 'head'
      ? t.apel.headNotice(s, deadline, missing.map((e) => `• ${personName(e.name)}`).join('\n'))
      : kind === 'secretariat'
        ? t.apel.secretariatNotice(s, deadline, list)
        : kind === 'caller_deadline'
          ? t.apel.callerDeadline(s, deadline, list)
          : kind === 'caller_all_in'
            ? t.apel.callerAllIn(s)
            : t.apel.callerFinal(s, list);
  return fitHtml(text, TELEGRAM_TEXT_LIMIT, t.truncated);
}

export interface HistoryRow {
  started_at: number;
  scope_label: string;
  called: number;
  answered: number;
  on_time: number;
  closed_at: number | null;
  scheduled: number;
  emergency: number;
}

export function renderHistory(t: Messages, tz: string, rows: HistoryRow[]): string {
  if (rows.length === 0) return `${t.apel.historyTitle}\n${t.apel.historyNone}`;
  const lines = rows.map((r) =>
    t.apel.historyLine(
      t.fmt.shortDateTime(r.started_at, tz),
      escapeHtml(r.scope_label) + (r.scheduled ? t.apel.scheduledTag : '') + (r.emergency ? t.apel.emergencyTag : ''),
      r.answered,
      r.called,
      r.on_time,
      r.closed_at === null ? t.apel.stateOpen : t.apel.stateClosed,
    ),
  );
  return [t.apel.historyTitle, ...lines].join('\n');
}

export interface RecapFigure {
  opdCode: string;
  called: number;
  onTime: number;
  medianMs: number | null;
}

/** The share of calls answered in time, as /rekap and the export's roll-call sheet write it: "50%". */
export function reachShare(onTime: number, called: number): string {
  return called === 0 ? '–' : `${Math.round((100 * onTime) / called)}%`;
}

/** OPDs shown in the /rekap section: the least reachable first. */
const RECAP_SECTION_MAX = 15;

/** The /rekap section: per OPD, the share answered in time and the median time to answer (the least reachable first). */
export function renderRecapSection(t: Messages, figures: RecapFigure[]): string {
  const shown = [...figures].sort((a, b) => a.onTime / a.called - b.onTime / b.called || a.opdCode.localeCompare(b.opdCode)).slice(0, RECAP_SECTION_MAX);
  return [
    t.apel.recapTitle,
    ...shown.map((f) =>
      t.apel.recapLine(`<b>${escapeHtml(f.opdCode)}</b>`, f.onTime, f.called, reachShare(f.onTime, f.called), f.medianMs === null ? null : t.fmt.duration(f.medianMs)),
    ),
  ].join('\n');
}

/** The /rekap KODE line. */
export function renderRecapOpdLine(t: Messages, f: RecapFigure): string {
  return t.apel.recapOpdLine(f.onTime, f.called, reachShare(f.onTime, f.called), f.medianMs === null ? null : t.fmt.duration(f.medianMs));
}

export function renderOnCall(t: Messages, rows: Array<{ opd_code: string; name: string; telegram_id: number }>): string {
  if (rows.length === 0) return t.apel.piketNone;
  return [t.apel.piketTitle, ...rows.map((r) => t.apel.piketLine(escapeHtml(r.opd_code), personName(r.name), Number(r.telegram_id)))].join('\n');
}
