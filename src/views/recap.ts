import type { LateItem } from '../db/recap';
import type { OpdRecap, Recap } from '../domain/recap-types';
import { escapeHtml } from '../domain/text';
import { formatDuration, formatShortDateTime } from '../domain/time';
import type { Messages } from '../i18n';
import { percent } from '../services/recap';

export function recapLine(t: Messages, r: OpdRecap): string {
  if (r.received === 0 && r.overdueNow === 0) return t.recapNoData;
  const acked = r.ackOnTime + r.ackLate + r.ackNone;
  const done = r.doneOnTime + r.doneLate + r.overdueNow;
  return t.recapLine(r.received, percent(r.ackOnTime, acked), r.medianAckMs === null ? '-' : formatDuration(r.medianAckMs), percent(r.doneOnTime, done), r.overdueNow, r.reminders);
}

/** The recap's header: the period and the whole organisation's line. */
export function recapHeader(t: Messages, recap: Recap): string {
  return `${t.recapTitle(recap.period.label)}\n<b>${t.recapTotal}</b>: ${recapLine(t, recap.total)}`;
}

export function recapOpdBlock(t: Messages, r: OpdRecap, index: number): string {
  return `${t.recapOpd(index, escapeHtml(r.code), escapeHtml(r.name))}\n   ${recapLine(t, r)}`;
}

/** /terlambat: both clocks, grouped by OPD, oldest first (the OPD with the oldest item first). */
export function lateBlocks(t: Messages, now: number, items: LateItem[]): string[] {
  const byOpd = new Map<number, { code: string; name: string; lines: Array<[number, string]> }>();
  for (const it of items) {
    const g = byOpd.get(it.opd_id) ?? { code: it.opd_code, name: it.opd_name, lines: [] };
    if ((it.state === 'pending' || it.state === 'delivered') && it.ack_deadline < now) g.lines.push([it.ack_deadline, t.lateAckLine(escapeHtml(it.number), formatDuration(now - it.ack_deadline))]);
    if (it.due_at < now) g.lines.push([it.due_at, t.lateDueLine(escapeHtml(it.number), formatDuration(now - it.due_at))]);
    byOpd.set(it.opd_id, g);
  }
  return [...byOpd.values()]
    .map((g) => ({ ...g, lines: g.lines.sort((a, b) => a[0] - b[0]) }))
    .sort((a, b) => a.lines[0]![0] - b.lines[0]![0])
    .map((g) => [t.lateOpd(escapeHtml(g.code), escapeHtml(g.name)), ...g.lines.map((l) => l[1])].join('\n'));
}

export function shortDate(ms: number, tz: string): string {
  return formatShortDateTime(ms, tz);
}
