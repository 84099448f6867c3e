import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../../infra/db/database';
import type { RecapFigures } from '../../domain/recap-types';
import type { AssignmentTable, Database, InstructionTable } from '../../infra/db/schema';

/**
 * Local day number (days since 1970-01-01 in a zone `offset` ms ahead of UTC) of a
 * creation time, in SQL. Literals, not parameters: PostgreSQL matches a GROUP BY
 * expression to the selected one by its text.
 */
export function localDay(column: 'a.created_at' | 'created_at', offset: number) {
  if (!Number.isInteger(offset)) throw new Error(`bad offset ${offset}`);
  return sql<number>`cast((${sql.ref(column)} + ${sql.lit(offset)}) / ${sql.lit(86_400_000)} as bigint)`;
}

type AI = ExpressionBuilder<Database & { a: AssignmentTable; i: InstructionTable }, 'a' | 'i'>;

/**
 * The additive figures of a set of assignments (one aggregate row): received, acknowledged
 * on time / late / not, done on time / late, reminders. Follow-up counts use the time the
 * OPD reported done (the review may come later). Shared by the live query and the daily
 * figures so both count exactly alike.
 */
function figureColumns(eb: AI) {
  const finished = eb.fn.coalesce('a.reported_at', 'a.done_at');
  const one = (cond: Parameters<typeof eb.case>[0]) =>
    eb.fn.sum<number>(
      eb
        .case()
        .when(cond as never)
        .then(1)
        .else(0)
        .end(),
    );
  return [
    eb.fn.countAll<number>().as('received'),
    one(eb.and([eb('a.acked_at', 'is not', null), eb('a.acked_at', '<=', eb.ref('i.ack_deadline'))])).as('ack_on_time'),
    one(eb.and([eb('a.acked_at', 'is not', null), eb('a.acked_at', '>', eb.ref('i.ack_deadline'))])).as('ack_late'),
    one(eb('a.acked_at', 'is', null)).as('ack_none'),
    one(eb.and([eb('a.state', '=', 'done'), eb(finished, '<=', eb.ref('a.due_at'))])).as('done_on_time'),
    one(eb.and([eb('a.state', '=', 'done'), eb(finished, '>', eb.ref('a.due_at'))])).as('done_late'),
    eb.fn.sum<number>('a.reminder_count').as('reminders'),
  ] as const;
}

type FigureRow = { received: unknown; ack_on_time: unknown; ack_late: unknown; ack_none: unknown; done_on_time: unknown; done_late: unknown; reminders: unknown };

/** Aggregate row → numbers (PostgreSQL sums come back as strings, SQLite's as null when empty). */
function toFigures(r: FigureRow): RecapFigures {
  return {
    received: Number(r.received ?? 0),
    ackOnTime: Number(r.ack_on_time ?? 0),
    ackLate: Number(r.ack_late ?? 0),
    ackNone: Number(r.ack_none ?? 0),
    doneOnTime: Number(r.done_on_time ?? 0),
    doneLate: Number(r.done_late ?? 0),
    reminders: Number(r.reminders ?? 0),
  };
}

/** Assignments created in [from, to), cancelled ones left out (a withdrawn instruction is held against nobody). */
function createdIn(db: Db, from: number, to: number, opdId?: number) {
  let q = db
    .selectFrom('assignments as a')
    .innerJoin('instructions as i', 'i.id', 'a.instruction_id')
    .where('a.created_at', '>=', from)
    .where('a.created_at', '<', to)
    .where('a.state', '!=', 'cancelled');
  if (opdId !== undefined) q = q.where('a.opd_id', '=', opdId);
  return q;
}

/** Per OPD, the additive figures of the assignments created in [from, to), straight from the assignments. */
export async function recapRows(db: Db, from: number, to: number, opdId?: number): Promise<(RecapFigures & { opdId: number })[]> {
  const rows = await createdIn(db, from, to, opdId)
    .select((eb) => ['a.opd_id', ...figureColumns(eb)])
    .groupBy('a.opd_id')
    .execute();
  return rows.map((r) => ({ opdId: Number(r.opd_id), ...toFigures(r) }));
}

/** Per OPD and local day (zone `offset` ms ahead of UTC), the same figures for [from, to). */
export async function recapRowsByDay(db: Db, from: number, to: number, offset: number) {
  const day = localDay('a.created_at', offset);
  const rows = await createdIn(db, from, to)
    .select((eb) => [day.as('day'), 'a.opd_id', ...figureColumns(eb)])
    .groupBy([day, 'a.opd_id'])
    .execute();
  return rows.map((r) => ({ day: Number(r.day), opdId: Number(r.opd_id), ...toFigures(r) }));
}

/**
 * Times to acknowledge (acked_at − delivered_at, or − created_at when never delivered) of
 * the acknowledged assignments created in [from, to), per OPD and local day.
 */
export async function ackDurations(db: Db, from: number, to: number, offset: number, opdId?: number) {
  let q = db
    .selectFrom('assignments as a')
    .select([localDay('a.created_at', offset).as('day'), 'a.opd_id', sql<number>`a.acked_at - coalesce(a.delivered_at, a.created_at)`.as('ms')])
    .where('a.created_at', '>=', from)
    .where('a.created_at', '<', to)
    .where('a.state', '!=', 'cancelled')
    .where('a.acked_at', 'is not', null);
  if (opdId !== undefined) q = q.where('a.opd_id', '=', opdId);
  const rows = await q.execute();
  return rows.map((r) => ({ day: Number(r.day), opdId: Number(r.opd_id), ms: Number(r.ms) }));
}

/** Per OPD, open follow-ups of open instructions past their due date now, among those created in [from, to). */
export async function overdueCounts(db: Db, from: number, to: number, now: number, opdId?: number): Promise<Map<number, number>> {
  // From the open instructions, like lateItems: a year holds a million assignments but only
  // the open instructions' unfinished ones can be overdue, and assignments_late_idx holds
  // every column needed but the creation time. An instruction's assignments are created
  // with it, in one transaction at one instant (issueInstruction), so the instruction's
  // creation time stands for theirs and the assignments table itself is never read.
  let q = db
    .selectFrom('instructions as i')
    .crossJoin('assignments as a')
    .select((eb) => ['a.opd_id', eb.fn.countAll<number>().as('n')])
    .whereRef('a.instruction_id', '=', 'i.id')
    .where('i.state', '=', 'open')
    .where('a.state', 'in', ['pending', 'delivered', 'acknowledged', 'in_progress'])
    .where('a.due_at', '<', now)
    .where('i.created_at', '>=', from)
    .where('i.created_at', '<', to)
    .groupBy('a.opd_id');
  if (opdId !== undefined) q = q.where('a.opd_id', '=', opdId);
  const rows = await q.execute();
  return new Map(rows.map((r) => [Number(r.opd_id), Number(r.n)]));
}

/**
 * Per OPD, the assignments created in [from, to) not acknowledged while their deadline is
 * still ahead at `now` (cancelled ones left out): neither on time nor late yet, so the recap
 * takes them out of the acknowledgement share (src/domain/recap-shares.ts). Read live, like
 * overdueCounts: the stored daily figures cannot know when a deadline passes.
 */
export async function ackPendingCounts(db: Db, from: number, to: number, now: number, opdId?: number): Promise<Map<number, number>> {
  // From the instructions whose deadline is still ahead (only the latest few), to their
  // assignments by assignments_late_idx; the instruction's creation time stands for its
  // assignments' (see overdueCounts).
  let q = db
    .selectFrom('instructions as i')
    .crossJoin('assignments as a')
    .select((eb) => ['a.opd_id', eb.fn.countAll<number>().as('n')])
    .whereRef('a.instruction_id', '=', 'i.id')
    .where('i.ack_deadline', '>=', now)
    .where('i.created_at', '>=', from)
    .where('i.created_at', '<', to)
    .where('a.state', '!=', 'cancelled')
    .where('a.acked_at', 'is', null)
    .groupBy('a.opd_id');
  if (opdId !== undefined) q = q.where('a.opd_id', '=', opdId);
  const rows = await q.execute();
  return new Map(rows.map((r) => [Number(r.opd_id), Number(r.n)]));
}

/** Late items now, both clocks, oldest first: acknowledgements past deadline, follow-ups past due. */
export async function lateItems(db: Db, now: number, opdId?: number) {
  // From the open instructions to their unfinished assignments (assignments_late_idx). The
  // CROSS JOIN keeps SQLite from starting at assignments_state_due_idx instead, which reads
  // every unfinished assignment ever, closed instructions included (0.5 s at a million rows);
  // the state IN (…) repeats what the OR implies so the index seeks per state.
  let q = db
    .selectFrom('instructions as i')
    .crossJoin('assignments as a')
    .innerJoin('opds as o', 'o.id', 'a.opd_id')
    .select(['a.id', 'a.state', 'a.due_at', 'i.number', 'i.ack_deadline', 'o.id as opd_id', 'o.code as opd_code', 'o.name as opd_name'])
    .whereRef('a.instruction_id', '=', 'i.id')
    .where('i.state', '=', 'open')
    .where('a.state', 'in', ['pending', 'delivered', 'acknowledged', 'in_progress'])
    .where((eb) =>
      eb.or([
        eb.and([eb('a.state', 'in', ['pending', 'delivered']), eb('i.ack_deadline', '<', now)]),
        eb.and([eb('a.state', 'in', ['pending', 'delivered', 'acknowledged', 'in_progress']), eb('a.due_at', '<', now)]),
      ]),
    );
  if (opdId !== undefined) q = q.where('a.opd_id', '=', opdId);
  return q.execute();
}
export type LateItem = Awaited<ReturnType<typeof lateItems>>[number];

/** Open items of one OPD (not finished), oldest first. */
export async function openItems(db: Db, opdId: number, limit: number) {
  return db
    .selectFrom('assignments as a')
    .innerJoin('instructions as i', 'i.id', 'a.instruction_id')
    .select(['a.id', 'a.state', 'a.due_at', 'a.acked_at', 'i.number', 'i.ack_deadline', 'i.text'])
    .where('a.opd_id', '=', opdId)
    .where('i.state', '=', 'open')
    .where('a.state', 'in', ['pending', 'delivered', 'acknowledged', 'in_progress', 'reported'])
    .orderBy('a.created_at')
    .limit(limit)
    .execute();
}

/** /cari: by number or by words in the text, newest first. */
export async function searchInstructions(db: Db, words: string[], number: string | null, offset: number, limit: number) {
  let q = db.selectFrom('instructions').select(['id', 'number', 'text', 'state', 'created_at', 'priority']);
  if (number) q = q.where('number', '=', number);
  // %, _ and \ in a word are searched for as themselves ("SK_2026"), not as wildcards.
  else for (const w of words) q = q.where(sql<boolean>`lower(text) like ${`%${w.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`} escape '\\'`);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(offset)
    .limit(limit + 1)
    .execute();
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

/** Instructions still open the longest, for the digest. */
export async function oldestOpenInstructions(db: Db, limit: number) {
  return db.selectFrom('instructions').select(['id', 'number', 'text', 'created_at', 'due_at']).where('state', '=', 'open').orderBy('created_at').limit(limit).execute();
}
