import type { Db } from '../../infra/db/database';
import type { Attachment, Obstacle } from '../../infra/db/schema';

export async function insertObstacle(
  db: Db,
  o: { assignment_id: number; instruction_id: number; opd_id: number; person_id: number; text: string; attachments: Attachment[] },
  now: number,
): Promise<Obstacle> {
  return db
    .insertInto('obstacles')
    .values({ ...o, attachments: JSON.stringify(o.attachments), created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findObstacle(db: Db, id: number): Promise<Obstacle | undefined> {
  return db.selectFrom('obstacles').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * A response to an obstacle: `changes`, and who responded first if nobody has yet (it stops
 * the reminders), only while `until` holds (still open, or not extended yet): true for the
 * one update that wins.
 */
async function respondToObstacle(
  db: Db,
  id: number,
  by: number,
  now: number,
  changes: { response: string } | { state: 'handled'; handled_by: number; handled_at: number } | { extended_by: number; extended_at: number },
  until: 'open' | 'not_extended',
): Promise<boolean> {
  const res = await db
    .updateTable('obstacles')
    .set((eb) => ({
      ...changes,
      responded_by: eb.fn.coalesce('responded_by', eb.val(by)),
      responded_at: eb.fn.coalesce('responded_at', eb.val(now)),
    }))
    .where('id', '=', id)
    .$call((q) => (until === 'open' ? q.where('state', '=', 'open') : q.where('extended_at', 'is', null)))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Records an answer; the first answer also sets who responded first (it stops the reminders). Only while open. */
export function answerObstacle(db: Db, id: number, text: string, by: number, now: number): Promise<boolean> {
  return respondToObstacle(db, id, by, now, { response: text }, 'open');
}

/** Marks it handled only if still open: true for the one decision that wins. */
export function markObstacleHandled(db: Db, id: number, by: number, now: number): Promise<boolean> {
  return respondToObstacle(db, id, by, now, { state: 'handled', handled_by: by, handled_at: now }, 'open');
}

/** Records the one-tap extension only once: true for the one press that wins. */
export function markObstacleExtended(db: Db, id: number, by: number, now: number): Promise<boolean> {
  return respondToObstacle(db, id, by, now, { extended_by: by, extended_at: now }, 'not_extended');
}

/** Claims one step of the reminder chain, only if nobody claimed it or responded meanwhile. */
export async function claimObstacleStep(db: Db, id: number, kind: 'obstacle_remind' | 'obstacle_escalate', now: number): Promise<boolean> {
  const column = kind === 'obstacle_remind' ? 'reminded_at' : 'escalated_at';
  const res = await db
    .updateTable('obstacles')
    .set({ [column]: now })
    .where('id', '=', id)
    .where(column, 'is', null)
    .where('state', '=', 'open')
    .where('responded_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Obstacles (as `b`) with their OPD's code and name and who reported them. */
function obstaclesWithOpdAndReporter(db: Db) {
  return db
    .selectFrom('obstacles as b')
    .innerJoin('opds as o', 'o.id', 'b.opd_id')
    .innerJoin('people as p', 'p.id', 'b.person_id')
    .selectAll('b')
    .select(['o.code as opd_code', 'o.name as opd_name', 'p.name as reporter_name']);
}

/** What the reminder chain of one obstacle needs, with its instruction and OPD. */
export function loadObstacleTimerRow(db: Db, id: number) {
  return obstaclesWithOpdAndReporter(db)
    .innerJoin('instructions as i', 'i.id', 'b.instruction_id')
    .innerJoin('people as iss', 'iss.id', 'i.issuer_id')
    .select(['i.number', 'i.priority', 'i.state as instruction_state', 'i.issuer_id', 'iss.name as issuer_name'])
    .where('b.id', '=', id)
    .executeTakeFirst();
}
export type ObstacleTimerRow = NonNullable<Awaited<ReturnType<typeof loadObstacleTimerRow>>>;

/** Ids of open, unanswered obstacles of open instructions: their timers may still fire. */
export async function listWaitingObstacleIds(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('obstacles as b')
    .innerJoin('instructions as i', 'i.id', 'b.instruction_id')
    .select('b.id')
    .where('i.state', '=', 'open')
    .where('b.state', '=', 'open')
    .where('b.responded_at', 'is', null)
    .where('b.id', '>', afterId)
    .orderBy('b.id')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.id));
}

/** /status: every obstacle of an instruction with who reported, answered and handled it, oldest first. */
export function listInstructionObstacles(db: Db, instructionId: number) {
  return obstaclesWithOpdAndReporter(db)
    .leftJoin('people as r', 'r.id', 'b.responded_by')
    .leftJoin('people as hd', 'hd.id', 'b.handled_by')
    .select(['r.name as responder_name', 'hd.name as handler_name'])
    .where('b.instruction_id', '=', instructionId)
    .orderBy('b.id')
    .execute();
}
export type ObstacleListRow = Awaited<ReturnType<typeof listInstructionObstacles>>[number];
