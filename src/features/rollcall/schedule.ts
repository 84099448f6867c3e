import { recordEvent } from '../../infra/db/events';
import { getSetting } from '../../infra/db/settings';
import { nextSurpriseAt, scheduledVerdict, type ScheduledVerdict } from '../../domain/rollcall';
import { fromLocal, localParts } from '../../domain/time';
import type { AppDeps } from '../../infra/deps';
import { asJob, effects, inTransaction } from '../../infra/queue/effects';
import { requeue } from '../../infra/queue/queues';
import { getQuietHours } from '../remind/calendar';
import { startRollcall } from './rollcall';
import { APEL_NEXT_KEY, claimPlannedApel, planApel } from './rollcalls.queries';

/** A planned moment missed by more than this while the bot was down is planned anew rather than run late. */
const MISSED_AFTER_MS = 3_600_000;

/**
 * On start (under the start-up lock) and after Redis lost its data: the surprise roll-call's
 * job from the database, planning one when there is none. With APEL_WINDOW off, nothing.
 * Returns the planned moment.
 */
export async function ensureApelPlanned(deps: AppDeps): Promise<number | null> {
  const window = deps.config.rollcall.window;
  if (!window) return null;
  const now = deps.now();
  const stored = await getSetting(deps.db, APEL_NEXT_KEY);
  let at = stored === undefined || stored === '' ? null : Number(stored);
  if (at === null || !Number.isFinite(at) || at < now - MISSED_AFTER_MS) {
    at = nextSurpriseAt(window, deps.config.timezone, now, Math.random);
    if (at === null) return null;
    await planApel(deps.db, stored ?? null, String(at), now);
    // Another process may have planned first: its moment stands.
    at = Number(await getSetting(deps.db, APEL_NEXT_KEY));
  }
  await requeue(deps.queues.timers, [asJob(effects.apelSchedule(at), now)]);
  return at;
}

export type ScheduledRun = { verdict: ScheduledVerdict | 'stale'; next: number | null; rollcallId?: number };

/**
 * The surprise roll-call planned for `at` is due. The plan is claimed (a conditional update of
 * the stored moment to the next one, with the next one's job, in one transaction), so two
 * workers never run it twice. Never on a holiday nor in quiet hours: such a moment is skipped
 * and recorded (`rollcall_skipped`). Otherwise every OPD is called and the tally goes to the
 * secretariat's chat (when configured).
 */
export async function runScheduledApel(deps: AppDeps, at: number): Promise<ScheduledRun> {
  const window = deps.config.rollcall.window;
  const now = deps.now();
  // One surprise roll-call per window day: the next one falls on a later day.
  const tz = deps.config.timezone;
  const p = localParts(at, tz);
  const dayAfter = fromLocal(tz, p.year, p.month, p.day + 1, 0, 0);
  const next = window ? nextSurpriseAt(window, tz, Math.max(dayAfter, now), Math.random) : null;
  const claimed = await inTransaction(
    deps,
    async (u) => {
      if (!(await claimPlannedApel(u.trx, String(at), next === null ? '' : String(next), now))) return false;
      if (next !== null) u.effect(effects.apelSchedule(next));
      return true;
    },
    now,
  );
  if (!claimed) return { verdict: 'stale', next: null };
  const verdict = scheduledVerdict(at, tz, deps.holidays, await getQuietHours(deps));
  if (verdict !== 'run') {
    await recordEvent(deps.db, { kind: 'rollcall_skipped', data: { planned_at: at, reason: verdict, next } }, now);
    deps.logger.info({ plannedAt: at, reason: verdict, next }, 'scheduled roll-call skipped');
    return { verdict, next };
  }
  const chat = deps.config.secretariatChatId;
  const res = await startRollcall(deps, null, {
    target: { kind: 'all' },
    deadlineAt: null,
    emergency: false,
    scheduled: true,
    tally: chat === null ? null : { chatId: chat, lang: 'id' },
  });
  if (!res.ok) {
    await recordEvent(deps.db, { kind: 'rollcall_skipped', data: { planned_at: at, reason: res.error, next } }, now);
    return { verdict: 'run', next };
  }
  return { verdict, next, rollcallId: res.rollcallId };
}
