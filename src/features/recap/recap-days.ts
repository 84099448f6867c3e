import { ackDurations, recapRowsByDay } from './recap.queries';
import { assignmentSpan, changedDays, clearDays, replaceDays } from './recap-days.queries';
import { getSetting, setSetting } from '../../infra/db/settings';
import type { Db } from '../../infra/db/database';
import { dayNumber, dayRuns, dayStart, encodeDay, type OpdDay } from '../../domain/recap-days';
import { fixedUtcOffset } from '../../domain/time';
import type { AppDeps } from '../../infra/deps';

/**
 * Per-OPD daily figures kept in step with the assignments (table recap_days).
 *
 * Every write to an assignment sets its updated_at. A refresh rebuilds, from the
 * assignments themselves, every local day holding an assignment changed since the last
 * refresh began, minus a margin for writes stamped just before it and committed just
 * after, and for the clocks of several processes being a little apart (they are expected
 * to be NTP-synchronised: a process whose clock runs more than the margin behind could
 * write changes a refresh never sees). Rebuilding a day from its
 * rows — rather than adding and subtracting deltas — means a missed or doubled refresh
 * can only ever cost time, never a wrong figure. The first refresh, or one after the zone
 * changed, rebuilds every day.
 */
export const REFRESH_MARGIN_MS = 15_000;
/** A full rebuild goes a month at a time, so a year of durations is never in memory at once. */
const REBUILD_CHUNK_DAYS = 31;
const MARK_KEY = 'recap_days.mark';
const ZONE_KEY = 'recap_days.zone';

interface Flight {
  running: Promise<void> | null;
  next: Promise<void> | null;
}
const flights = new WeakMap<Db, Flight>();

/**
 * Brings recap_days up to date. Callers arriving while a refresh runs share one more run
 * after it (that run sees their writes); nobody starts a third.
 */
export function refreshRecapDays(deps: AppDeps): Promise<void> {
  let f = flights.get(deps.db);
  if (!f) flights.set(deps.db, (f = { running: null, next: null }));
  const flight = f;
  if (!flight.running) {
    flight.running = refreshOnce(deps).finally(() => {
      flight.running = null;
    });
    return flight.running;
  }
  if (!flight.next) {
    flight.next = flight.running
      .catch(() => undefined)
      .then(() => {
        flight.next = null;
        return refreshRecapDays(deps);
      });
  }
  return flight.next;
}

async function refreshOnce(deps: AppDeps): Promise<void> {
  const { db } = deps;
  const started = deps.now();
  const offset = fixedUtcOffset(deps.config.timezone, started);
  if (offset === null) return; // a zone with daylight saving: recaps read the assignments directly
  const zone = `${deps.config.timezone}|${offset}`;
  const [storedZone, mark] = await Promise.all([getSetting(db, ZONE_KEY), getSetting(db, MARK_KEY)]);
  if (storedZone !== zone || mark === undefined) {
    await clearDays(db);
    const span = await assignmentSpan(db);
    if (span) {
      const last = dayNumber(span.last, offset) + 1;
      for (let d = dayNumber(span.first, offset); d < last; d += REBUILD_CHUNK_DAYS) await rebuildDays(db, d, Math.min(d + REBUILD_CHUNK_DAYS, last), offset);
    }
    deps.logger.info({ zone, days: span ? dayNumber(span.last, offset) - dayNumber(span.first, offset) + 1 : 0, ms: deps.now() - started }, 'recap days rebuilt');
    await setSetting(db, ZONE_KEY, zone, started);
  } else {
    const days = await changedDays(db, Number(mark) - REFRESH_MARGIN_MS, offset);
    // Nothing changed: leave the mark where it is (no write per recap); the next look
    // starts from the same place and finds only what changed since.
    if (days.length === 0) return;
    for (const run of dayRuns(days)) await rebuildDays(db, run.from, run.to, offset);
  }
  await setSetting(db, MARK_KEY, String(started), started);
}

/** Recomputes days [fromDay, toDay) from the assignments created in them. */
async function rebuildDays(db: Db, fromDay: number, toDay: number, offset: number): Promise<void> {
  const from = dayStart(fromDay, offset);
  const to = dayStart(toDay, offset);
  const [rows, durations] = await Promise.all([recapRowsByDay(db, from, to, offset), ackDurations(db, from, to, offset)]);
  const ms = new Map<string, number[]>();
  for (const d of durations) {
    const key = `${d.day}:${d.opdId}`;
    const list = ms.get(key);
    if (list) list.push(d.ms);
    else ms.set(key, [d.ms]);
  }
  const byDay = new Map<number, OpdDay[]>();
  for (const r of rows) {
    const list = byDay.get(r.day) ?? [];
    if (list.length === 0) byDay.set(r.day, list);
    list.push({ ...r, ackMs: Float64Array.from(ms.get(`${r.day}:${r.opdId}`) ?? []) });
  }
  await replaceDays(
    db,
    fromDay,
    toDay,
    [...byDay].map(([day, opds]) => ({ day, ...encodeDay(opds) })),
  );
}
