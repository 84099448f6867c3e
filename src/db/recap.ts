import { sql } from 'kysely';
import type { Db } from './database';

/**
 * Aggregates per OPD over assignments created in [from, to) (cancelled ones left out: an
 * instruction withdrawn mid-way is not held against anyone). Follow-up counts use the time
 * the OPD reported done (the review may come later); "overdue now" is an open follow-up of
 * an open instruction past its due date.
 */
export async function recapRows(db: Db, from: number, to: number, now: number, opdId?: number) {
  let q = db
    .selectFrom('assignments as a')
    .innerJoin('instructions as i', 'i.id', 'a.instruction_id')
    .select((eb) => {
      const finished = eb.fn.coalesce('a.reported_at', 'a.done_at');
      const one = (cond: Parameters<typeof eb.case>[0]) => eb.fn.sum<number>(eb.case().when(cond as never).then(1).else(0).end());
      return [
        'a.opd_id',
        eb.fn.countAll<number>().as('received'),
        one(eb.and([eb('a.acked_at', 'is not', null), eb('a.acked_at', '<=', eb.ref('i.ack_deadline'))])).as('ack_on_time'),
        one(eb.and([eb('a.acked_at', 'is not', null), eb('a.acked_at', '>', eb.ref('i.ack_deadline'))])).as('ack_late'),
        one(eb('a.acked_at', 'is', null)).as('ack_none'),
        one(eb.and([eb('a.state', '=', 'done'), eb(finished, '<=', eb.ref('a.due_at'))])).as('done_on_time'),
        one(eb.and([eb('a.state', '=', 'done'), eb(finished, '>', eb.ref('a.due_at'))])).as('done_late'),
        one(eb.and([eb('a.state', 'not in', ['reported', 'done', 'cancelled']), eb('i.state', '=', 'open'), eb('a.due_at', '<', now)])).as('overdue_now'),
        eb.fn.sum<number>('a.reminder_count').as('reminders'),
      ];
    })
    .where('a.created_at', '>=', from)
    .where('a.created_at', '<', to)
    .where('a.state', '!=', 'cancelled')
    .groupBy('a.opd_id');
  if (opdId !== undefined) q = q.where('a.opd_id', '=', opdId);
  const rows = await q.execute();
  return rows.map((r) => ({
    opdId: Number(r.opd_id),
    received: Number(r.received),
    ackOnTime: Number(r.ack_on_time ?? 0),
    ackLate: Number(r.ack_late ?? 0),
    ackNone: Number(r.ack_none ?? 0),
    doneOnTime: Number(r.done_on_time ?? 0),
    doneLate: Number(r.done_late ?? 0),
    overdueNow: Number(r.overdue_now ?? 0),
    reminders: Number(r.reminders ?? 0),
  }));
}

/**
 * Median time to acknowledge (ms) per OPD, and over all OPDs (key 0). The database computes
 * each duration and hands over just two numbers a row; the medians are taken here (window
 * functions were measured slower on SQLite: each ordering is another sort).
 */
export async function ackMedians(db: Db, from: number, to: number, opdId?: number): Promise<Map<number, number>> {
  let q = db
    .selectFrom('assignments as a')
    .select(['a.opd_id', sql<number>`a.acked_at - coalesce(a.delivered_at, a.created_at)`.as('ms')])
    .where('a.created_at', '>=', from)
    .where('a.created_at', '<', to)
    .where('a.state', '!=', 'cancelled')
    .where('a.acked_at', 'is not', null);
  if (opdId !== undefined) q = q.where('a.opd_id', '=', opdId);
  const rows = await q.execute();
  const all = new Float64Array(rows.length);
  const perOpd = new Map<number, number[]>();
  rows.forEach((r, i) => {
    const ms = Number(r.ms);
    all[i] = ms;
    const list = perOpd.get(Number(r.opd_id));
    if (list) list.push(ms);
    else perOpd.set(Number(r.opd_id), [ms]);
  });
  const out = new Map<number, number>();
  for (const [id, list] of perOpd) out.set(id, median(Float64Array.from(list)));
  if (all.length) out.set(0, median(all));
  return out;
}

function median(xs: Float64Array): number {
  xs.sort();
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
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
  else for (const w of words) q = q.where((eb) => eb(eb.fn('lower', ['text']), 'like', `%${w.toLowerCase().replace(/[%_\\]/g, '')}%`));
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').offset(offset).limit(limit + 1).execute();
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

/** Instructions still open the longest, for the digest. */
export async function oldestOpenInstructions(db: Db, limit: number) {
  return db.selectFrom('instructions').select(['id', 'number', 'text', 'created_at', 'due_at']).where('state', '=', 'open').orderBy('created_at').limit(limit).execute();
}
