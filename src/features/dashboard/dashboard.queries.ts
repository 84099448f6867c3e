import type { Db } from '../../infra/db/database';
import type { Priority } from '../../infra/db/schema';

/**
 * The dashboard's own reads. Its figures come from the recap (src/features/recap/recap.ts,
 * recap.queries.ts) so the two cannot disagree; these are only what the recap has no read for:
 * the open instructions with their assignments (the matrix), open items per OPD, and one
 * instruction's audit trail.
 */

/** Open instructions created in [from, to), newest first, at most `limit` (+1 to tell whether there are more). */
export function openInstructionsIn(db: Db, from: number, to: number, priority: Priority | null, limit: number) {
  let q = db
    .selectFrom('instructions')
    .select(['id', 'number', 'text', 'priority', 'ack_deadline', 'due_at', 'created_at', 'state'])
    .where('state', '=', 'open')
    .where('created_at', '>=', from)
    .where('created_at', '<', to);
  if (priority) q = q.where('priority', '=', priority);
  return q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** How many open instructions [from, to) holds (with the priority): the matrix says how many it leaves out. */
export async function countOpenInstructionsIn(db: Db, from: number, to: number, priority: Priority | null): Promise<number> {
  let q = db
    .selectFrom('instructions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'open')
    .where('created_at', '>=', from)
    .where('created_at', '<', to);
  if (priority) q = q.where('priority', '=', priority);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** The assignments of the given instructions (cancelled ones left out, as in the recap). */
export async function assignmentsOf(db: Db, instructionIds: readonly number[]) {
  if (instructionIds.length === 0) return [];
  return db
    .selectFrom('assignments')
    .select(['id', 'instruction_id', 'opd_id', 'state', 'delivered_at', 'acked_at', 'due_at', 'reported_at', 'done_at'])
    .where('instruction_id', 'in', [...instructionIds])
    .where('state', '!=', 'cancelled')
    .execute();
}

/** Per OPD, the unfinished assignments of open instructions (whenever issued). */
export async function openCounts(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('instructions as i')
    .innerJoin('assignments as a', 'a.instruction_id', 'i.id')
    .select((eb) => ['a.opd_id', eb.fn.countAll<number>().as('n')])
    .where('i.state', '=', 'open')
    .where('a.state', 'in', ['pending', 'delivered', 'acknowledged', 'in_progress', 'reported'])
    .groupBy('a.opd_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.opd_id), Number(r.n)]));
}

/** One instruction, with its issuer's name. */
export function instructionById(db: Db, id: number) {
  return db
    .selectFrom('instructions as i')
    .leftJoin('people as p', 'p.id', 'i.issuer_id')
    .select(['i.id', 'i.number', 'i.text', 'i.priority', 'i.state', 'i.ack_deadline', 'i.due_at', 'i.created_at', 'p.name as issuer_name'])
    .where('i.id', '=', id)
    .executeTakeFirst();
}

/** The instruction's audit trail (the events the export's Kejadian sheet lists), oldest first. */
export function eventsOfInstruction(db: Db, id: number, limit: number) {
  return db
    .selectFrom('events as e')
    .leftJoin('opds as o', 'o.id', 'e.opd_id')
    .leftJoin('people as p', 'p.telegram_id', 'e.actor_telegram_id')
    .select(['e.id', 'e.at', 'e.kind', 'o.code as opd_code', 'p.name as actor_name'])
    .where('e.instruction_id', '=', id)
    .orderBy('e.id')
    .limit(limit)
    .execute();
}
