import { listOpds } from '../db/opds';
import { ackMedians, lateItems, openItems, recapRows } from '../db/recap';
import type { Opd } from '../db/schema';
import { previousPeriods, type Period } from '../domain/period';
import type { OpdRecap, Recap } from '../domain/recap-types';
import type { AppDeps } from '../deps';

/** Higher needs more attention: overdue work first, then silence, then lateness. */
export function attentionScore(r: OpdRecap): number {
  return r.overdueNow * 1000 + r.ackNone * 100 + r.ackLate * 10 + r.doneLate;
}

function empty(o: Pick<Opd, 'id' | 'code' | 'name' | 'cluster'>): OpdRecap {
  return { opdId: o.id, code: o.code, name: o.name, cluster: o.cluster, received: 0, ackOnTime: 0, ackLate: 0, ackNone: 0, medianAckMs: null, doneOnTime: 0, doneLate: 0, overdueNow: 0, reminders: 0 };
}

/**
 * /rekap: per OPD over a period — received, acknowledged on time, median time to
 * acknowledge, done on time, overdue now, reminders needed — the OPDs needing attention
 * first, with the whole organisation on top. OPDs without instructions are listed too.
 */
export async function buildRecap(deps: AppDeps, period: Period, opdFilter?: Opd): Promise<Recap> {
  const now = deps.now();
  const [rows, durations, opds] = await Promise.all([
    recapRows(deps.db, period.from, period.to, now, opdFilter?.id),
    ackMedians(deps.db, period.from, period.to, opdFilter?.id),
    opdFilter ? Promise.resolve([opdFilter]) : listOpds(deps.db),
  ]);
  const byId = new Map(rows.map((r) => [r.opdId, r]));
  const list = opds.map((o) => {
    const r = byId.get(o.id);
    return r ? { ...empty(o), ...r, medianAckMs: durations.get(o.id) ?? null } : empty(o);
  });
  list.sort((a, b) => attentionScore(b) - attentionScore(a) || b.received - a.received || a.code.localeCompare(b.code));
  const total = list.reduce<OpdRecap>(
    (t, r) => ({
      ...t,
      received: t.received + r.received,
      ackOnTime: t.ackOnTime + r.ackOnTime,
      ackLate: t.ackLate + r.ackLate,
      ackNone: t.ackNone + r.ackNone,
      doneOnTime: t.doneOnTime + r.doneOnTime,
      doneLate: t.doneLate + r.doneLate,
      overdueNow: t.overdueNow + r.overdueNow,
      reminders: t.reminders + r.reminders,
    }),
    { ...empty({ id: 0, code: 'TOTAL', name: 'Seluruh OPD', cluster: null }) },
  );
  total.medianAckMs = durations.get(0) ?? null;
  return { period, total, opds: list };
}

/** /rekap KODE: one OPD in detail — its open items, its late items, its trend. */
export async function opdDetail(deps: AppDeps, opd: Opd, period: Period) {
  const tz = deps.config.timezone;
  const [recap, open, late, trend] = await Promise.all([
    buildRecap(deps, period, opd),
    openItems(deps.db, opd.id, 15),
    lateItems(deps.db, deps.now(), opd.id),
    Promise.all(previousPeriods(period, 3, tz).map((p) => buildRecap(deps, p, opd))),
  ]);
  return { recap: recap.opds[0]!, open, late, trend: [...trend.map((t) => t.opds[0]!).map((r, i) => ({ period: trend[i]!.period, r })), { period, r: recap.opds[0]! }] };
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${Math.round((part / whole) * 100)}%`;
}
