import { mayUse } from '../../domain/permissions';
import { parsePeriod } from '../../domain/period';
import type { Priority } from '../../domain/types';
import type { Person } from '../../infra/db/schema';
import type { AppDeps } from '../../infra/deps';
import { messagesFor } from '../../infra/i18n';
import { findPersonByTelegramId } from '../organisation/people.queries';
import { clusters as listClusters } from '../organisation/directory';
import { buildRecap } from '../recap/recap';
import { lateNow } from '../recap/late';
import { addFigures } from '../../domain/recap-types';
import { assignmentsOf, countOpenInstructionsIn, eventsOfInstruction, instructionById, openCounts, openInstructionsIn } from './dashboard.queries';
import { CELL_STATES, cellState, scoreJson, type CellState } from './dashboard.view';

/**
 * The leaders' dashboard (issue #17): open instructions × OPDs coloured by state, each OPD's
 * scorecard, one instruction's history. The scorecards are /rekap's figures — the same
 * `buildRecap` over the same period — so the page and the command cannot disagree
 * (test/e2e/dashboard.test.ts compares them).
 */

/** The periods offered by the page, in /rekap's own words (parsePeriod); the first is /rekap's default. */
export const DASHBOARD_PERIODS = ['30 hari', 'hari ini', 'minggu ini', 'bulan ini', 'bulan lalu'] as const;
const PRIORITIES: readonly Priority[] = ['segera', 'penting', 'biasa'];
/** Columns of the matrix: the newest open instructions of the period (a phone shows a handful; a wide screen a few dozen). */
export const MATRIX_LIMIT = 40;
const TIMELINE_LIMIT = 500;

export type Viewer = { ok: true; person: Person } | { ok: false; reason: 'unregistered' } | { ok: false; reason: 'not_allowed'; lang: string };

/** Whoever Telegram vouched for, as the database knows them now: an active pimpinan, sekretariat or admin. */
export async function dashboardViewer(deps: AppDeps, telegramId: number): Promise<Viewer> {
  const person = await findPersonByTelegramId(deps.db, telegramId);
  if (!person) return { ok: false, reason: 'unregistered' };
  // The same rule as the /dasbor command (COMMAND_RULES), read on every request: a person
  // deactivated or moved to another role loses the page at once, session or not.
  if (!mayUse(person, 'dasbor')) return { ok: false, reason: 'not_allowed', lang: person.lang };
  return { ok: true, person };
}

export interface DashboardQuery {
  period?: string | null;
  cluster?: string | null;
  priority?: string | null;
}

export type DashboardResult = { ok: true; data: ReturnType<typeof shape> } | { ok: false; reason: 'bad_period' | 'bad_priority' };

export async function dashboardData(deps: AppDeps, viewer: Person, q: DashboardQuery): Promise<DashboardResult> {
  const now = deps.now();
  const tz = deps.config.timezone;
  const periodWords = q.period?.trim() || DASHBOARD_PERIODS[0];
  const period = parsePeriod(periodWords, now, tz);
  if (!period) return { ok: false, reason: 'bad_period' };
  const priority = q.priority ? (PRIORITIES.find((p) => p === q.priority) ?? null) : null;
  if (q.priority && !priority) return { ok: false, reason: 'bad_priority' };
  const cluster = q.cluster?.trim() || null;
  const [recap, instructions, open, late, clusters] = await Promise.all([
    buildRecap(deps, period),
    openInstructionsIn(deps.db, period.from, period.to, priority, MATRIX_LIMIT),
    openCounts(deps.db),
    lateNow(deps, now),
    listClusters(deps),
  ]);
  const shown = instructions.slice(0, MATRIX_LIMIT);
  const assignments = await assignmentsOf(
    deps.db,
    shown.map((i) => i.id),
  );
  const totalOpen = instructions.length > MATRIX_LIMIT ? await countOpenInstructionsIn(deps.db, period.from, period.to, priority) : instructions.length;
  return { ok: true, data: shape({ deps, viewer, now, periodWords, period, cluster, priority, recap, shown, totalOpen, assignments, open, late, clusters }) };
}

interface ShapeInput {
  deps: AppDeps;
  viewer: Person;
  now: number;
  periodWords: string;
  period: { from: number; to: number };
  cluster: string | null;
  priority: Priority | null;
  recap: Awaited<ReturnType<typeof buildRecap>>;
  shown: Awaited<ReturnType<typeof openInstructionsIn>>;
  totalOpen: number;
  assignments: Awaited<ReturnType<typeof assignmentsOf>>;
  open: Map<number, number>;
  late: Awaited<ReturnType<typeof lateNow>>;
  clusters: string[];
}

/** The JSON the page draws: every word already in the viewer's language, every figure as /rekap computes it. */
function shape(s: ShapeInput) {
  const t = messagesFor(s.viewer.lang);
  const tz = s.deps.config.timezone;
  const lateByOpd = new Map<number, number>();
  for (const l of s.late) lateByOpd.set(l.opd_id, (lateByOpd.get(l.opd_id) ?? 0) + 1);
  // /rekap's order (attention first); the cluster filter only narrows it.
  const rows = s.recap.opds.filter((r) => s.cluster === null || r.cluster === s.cluster);
  const scores = rows.map((r) => scoreJson(t, r, s.open.get(r.opdId) ?? 0, lateByOpd.get(r.opdId) ?? 0));
  let total = s.recap.total;
  if (s.cluster !== null) {
    // A cluster's own total: the additive figures summed; a median cannot be summed, so none.
    total = {
      ...s.recap.total,
      name: s.cluster,
      received: 0,
      ackOnTime: 0,
      ackLate: 0,
      ackNone: 0,
      doneOnTime: 0,
      doneLate: 0,
      reminders: 0,
      overdueNow: 0,
      ackPending: 0,
      medianAckMs: null,
    };
    for (const r of rows) {
      addFigures(total, r);
      total.overdueNow += r.overdueNow;
      total.ackPending += r.ackPending;
    }
  }
  const sum = (m: Map<number, number>) => rows.reduce((n, r) => n + (m.get(r.opdId) ?? 0), 0);
  const byInstruction = new Map(s.shown.map((i) => [i.id, i]));
  const cells: Record<string, CellState> = {};
  const targeted = new Set<number>();
  for (const a of s.assignments) {
    const i = byInstruction.get(a.instruction_id)!;
    const state = cellState(a, i.ack_deadline, s.now);
    if (state === null) continue;
    cells[`${a.instruction_id}:${a.opd_id}`] = state;
    targeted.add(a.opd_id);
  }
  // Matrix rows: the OPDs of the filter that have at least one cell, in the scorecards' order.
  const matrixOpds = rows.filter((r) => targeted.has(r.opdId)).map((r) => ({ id: r.opdId, code: r.code, name: r.name }));
  const instructions = s.shown
    .filter((i) => matrixOpds.some((o) => cells[`${i.id}:${o.id}`] !== undefined))
    .map((i) => ({
      id: i.id,
      number: i.number,
      priority: i.priority,
      text: i.text.length > 140 ? `${i.text.slice(0, 137)}…` : i.text,
      ackDeadline: t.fmt.shortDateTime(i.ack_deadline, tz),
      dueAt: t.fmt.shortDateTime(i.due_at, tz),
    }));
  return {
    lang: t === messagesFor('en') ? 'en' : 'id',
    strings: t.dasbor.page,
    viewer: { name: s.viewer.name, role: s.viewer.role },
    updatedAt: t.fmt.shortDateTime(s.now, tz),
    period: { words: s.periodWords, label: t.fmt.period(s.period.from, s.period.to, tz), from: s.period.from, to: s.period.to },
    filters: { periods: DASHBOARD_PERIODS, clusters: s.clusters, priorities: PRIORITIES, cluster: s.cluster, priority: s.priority },
    states: CELL_STATES,
    matrix: { instructions, opds: matrixOpds, cells, totalOpen: s.totalOpen, shown: s.shown.length },
    scores,
    total: scoreJson(t, total, sum(s.open), sum(lateByOpd)),
  };
}

export type DashboardData = ReturnType<typeof shape>;

export type TimelineResult = { ok: true; data: Awaited<ReturnType<typeof timelineOf>> } | { ok: false; reason: 'not_found' };

/** One instruction's history: the events it recorded (the export's Kejadian sheet), in the viewer's words. */
export async function instructionTimeline(deps: AppDeps, viewer: Person, id: number): Promise<TimelineResult> {
  const instruction = await instructionById(deps.db, id);
  if (!instruction) return { ok: false, reason: 'not_found' };
  return { ok: true, data: await timelineOf(deps, viewer, instruction) };
}

async function timelineOf(deps: AppDeps, viewer: Person, i: NonNullable<Awaited<ReturnType<typeof instructionById>>>) {
  const t = messagesFor(viewer.lang);
  const tz = deps.config.timezone;
  const events = await eventsOfInstruction(deps.db, i.id, TIMELINE_LIMIT);
  return {
    id: i.id,
    number: i.number,
    text: i.text,
    priority: i.priority,
    state: t.instructionStateName[i.state] ?? i.state,
    issuer: i.issuer_name ?? '',
    ackDeadline: t.fmt.shortDateTime(i.ack_deadline, tz),
    dueAt: t.fmt.shortDateTime(i.due_at, tz),
    events: events.map((e) => ({
      at: t.fmt.shortDateTime(e.at, tz),
      kind: e.kind,
      what: t.dasbor.page.events[e.kind] ?? e.kind,
      opd: e.opd_code ?? null,
      actor: e.actor_name ?? null,
    })),
  };
}
