import type { LateItem } from './recap.queries';
import type { OpdRecap, Recap } from '../../domain/recap-types';
import { recapShares, sharePercent } from '../../domain/recap-shares';
import { escapeHtml } from '../../domain/text';
import type { Messages } from '../../infra/i18n';

export function recapLine(t: Messages, r: OpdRecap): string {
  if (r.received === 0 && r.overdueNow === 0) return t.recapNoData;
  // The shares the chart, the digest and the exports give too (src/domain/recap-shares.ts).
  const s = recapShares(r);
  return t.recapLine(r.received, sharePercent(s.ack), r.ackPending, r.medianAckMs === null ? null : t.fmt.duration(r.medianAckMs), sharePercent(s.done), r.overdueNow, r.reminders);
}

/** The recap's header: the period and the whole organisation's line. */
export function recapHeader(t: Messages, recap: Recap, tz: string): string {
  return `${t.recapTitle(t.fmt.period(recap.period.from, recap.period.to, tz))}\n<b>${t.recapTotal}</b>: ${recapLine(t, recap.total)}`;
}

export function recapOpdBlock(t: Messages, r: OpdRecap, index: number): string {
  return `${t.recapOpd(index, escapeHtml(r.code), escapeHtml(r.name))}\n   ${recapLine(t, r)}`;
}

interface LateGroup {
  code: string;
  name: string;
  /** [since, kind, number]: how late is computed when the group is shown. */
  items: Array<[number, 'ack' | 'due', string]>;
}

/** /terlambat: both clocks, grouped by OPD, oldest first (the OPD with the oldest item first). */
export function groupLate(now: number, items: LateItem[]): LateGroup[] {
  const byOpd = new Map<number, LateGroup>();
  for (const it of items) {
    const g = byOpd.get(it.opd_id) ?? { code: it.opd_code, name: it.opd_name, items: [] };
    if ((it.state === 'pending' || it.state === 'delivered') && it.ack_deadline < now) g.items.push([it.ack_deadline, 'ack', it.number]);
    if (it.due_at < now) g.items.push([it.due_at, 'due', it.number]);
    byOpd.set(it.opd_id, g);
  }
  const groups = [...byOpd.values()].filter((g) => g.items.length > 0);
  for (const g of groups) g.items.sort((a, b) => a[0] - b[0]);
  return groups.sort((a, b) => a.items[0]![0] - b.items[0]![0]);
}

/**
 * One OPD's late items as text (only for the groups actually shown). With `limit`, only the
 * oldest `limit` lines and how many more there are (for the full list: /terlambat KODE).
 */
export function formatLateGroup(t: Messages, now: number, g: LateGroup, limit = Infinity): string {
  const lines = g.items
    .slice(0, limit)
    .map(([since, kind, number]) =>
      kind === 'ack' ? t.lateAckLine(escapeHtml(number), t.fmt.duration(now - since)) : t.lateDueLine(escapeHtml(number), t.fmt.duration(now - since)),
    );
  if (g.items.length > limit) lines.push(t.lateMore(g.items.length - limit, escapeHtml(g.code)));
  return [t.lateOpd(escapeHtml(g.code), escapeHtml(g.name)), ...lines].join('\n');
}

export function lateBlocks(t: Messages, now: number, items: LateItem[]): string[] {
  return groupLate(now, items).map((g) => formatLateGroup(t, now, g));
}
