import { listOpds } from '../organisation/opds.queries';
import { ackDurations, ackPendingCounts, lateItems, openItems, overdueCounts, recapRows } from './recap.queries';
import { readDays } from './recap-days.queries';
import type { Opd } from '../../infra/db/schema';
import { previousPeriods, type Period } from '../../domain/period';
import { decodeDay, mediansOf, splitPeriod } from '../../domain/recap-days';
import { addFigures, noFigures, type OpdRecap, type Recap, type RecapFigures } from '../../domain/recap-types';
import { fixedUtcOffset } from '../../domain/time';
import type { AppDeps } from '../../infra/deps';
import { refreshRecapDays } from './recap-days';

/** Higher needs more attention: overdue work first, then silence, then lateness. */
export function attentionScore(r: OpdRecap): number {
  return r.overdueNow * 1000 + r.ackNone * 100 + r.ackLate * 10 + r.doneLate;
}

function empty(o: Pick<Opd, 'id' | 'code' | 'name' | 'cluster'>): OpdRecap {
  return { opdId: o.id, code: o.code, name: o.name, cluster: o.cluster, ...noFigures(), medianAckMs: null, overdueNow: 0, ackPending: 0 };
}

/** Per OPD: the additive figures and the times to acknowledge, in chunks. */
interface Gathered {
  figures: Map<number, RecapFigures>;
  durations: Map<number, ArrayLike<number>[]>;
}

/**
 * The period's figures per OPD: whole local days from the daily figures (recap_days,
 * refreshed first), partial days at either edge straight from the assignments.
 */
async function gather(deps: AppDeps, period: Period, opdId?: number): Promise<Gathered> {
  const offset = fixedUtcOffset(deps.config.timezone, deps.now());
  const split = offset === null ? { days: null, edges: [{ from: period.from, to: period.to }] } : splitPeriod(period.from, period.to, offset);
  if (split.days) await refreshRecapDays(deps);
  const [days, edges, edgeDurations] = await Promise.all([
    split.days ? readDays(deps.db, split.days.from, split.days.to) : Promise.resolve([]),
    Promise.all(split.edges.map((e) => recapRows(deps.db, e.from, e.to, opdId))),
    Promise.all(split.edges.map((e) => ackDurations(deps.db, e.from, e.to, offset ?? 0, opdId))),
  ]);
  const out: Gathered = { figures: new Map(), durations: new Map() };
  const figuresOf = (id: number) => {
    let f = out.figures.get(id);
    if (!f) out.figures.set(id, (f = noFigures()));
    return f;
  };
  const chunksOf = (id: number) => {
    let c = out.durations.get(id);
    if (!c) out.durations.set(id, (c = []));
    return c;
  };
  for (const stored of days) {
    for (const d of decodeDay(stored.figures, stored.ackMs, opdId)) {
      addFigures(figuresOf(d.opdId), d);
      if (d.ackMs.length) chunksOf(d.opdId).push(d.ackMs);
    }
  }
  for (const r of edges.flat()) addFigures(figuresOf(r.opdId), r);
  for (const list of edgeDurations) {
    const byOpd = new Map<number, number[]>();
    for (const d of list) {
      const l = byOpd.get(d.opdId);
      if (l) l.push(d.ms);
      else byOpd.set(d.opdId, [d.ms]);
    }
    for (const [id, ms] of byOpd) chunksOf(id).push(ms);
  }
  return out;
}

/**
 * /rekap: per OPD over a period — received, acknowledged on time, median time to
 * acknowledge, done on time, overdue now, reminders needed — the OPDs needing attention
 * first, with the whole organisation on top. OPDs without instructions are listed too.
 */
export async function buildRecap(deps: AppDeps, period: Period, opdFilter?: Opd): Promise<Recap> {
  const now = deps.now();
  const [gathered, overdue, pending, opds] = await Promise.all([
    gather(deps, period, opdFilter?.id),
    overdueCounts(deps.db, period.from, period.to, now, opdFilter?.id),
    ackPendingCounts(deps.db, period.from, period.to, now, opdFilter?.id),
    opdFilter ? Promise.resolve([opdFilter]) : listOpds(deps.db),
  ]);
  const medians = mediansOf(gathered.durations);
  const list = opds.map((o) => {
    const f = gathered.figures.get(o.id);
    if (!f || f.received === 0) return empty(o);
    // The stored ackNone is every assignment not acknowledged; those still before their
    // deadline are pending, not missing (src/domain/recap-shares.ts).
    const ackPending = Math.min(pending.get(o.id) ?? 0, f.ackNone);
    return { ...empty(o), ...f, ackNone: f.ackNone - ackPending, ackPending, overdueNow: overdue.get(o.id) ?? 0, medianAckMs: medians.byGroup.get(o.id) ?? null };
  });
  list.sort((a, b) => attentionScore(b) - attentionScore(a) || b.received - a.received || a.code.localeCompare(b.code));
  const total = empty({ id: 0, code: 'TOTAL', name: 'Seluruh OPD', cluster: null });
  for (const r of list) {
    addFigures(total, r);
    total.overdueNow += r.overdueNow;
    total.ackPending += r.ackPending;
  }
  total.medianAckMs = medians.all;
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
