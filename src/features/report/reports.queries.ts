import type { Db } from '../../infra/db/database';
import type { Attachment, AssignmentState, Report, ReportKind } from '../../infra/db/schema';

export async function insertReport(
  db: Db,
  r: { assignment_id: number; instruction_id: number; opd_id: number; person_id: number; kind: ReportKind; text: string; attachments: Attachment[] },
  now: number,
): Promise<Report> {
  return db
    .insertInto('reports')
    .values({ ...r, attachments: JSON.stringify(r.attachments), review_state: r.kind === 'done' ? 'pending' : 'none', created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findReport(db: Db, id: number): Promise<Report | undefined> {
  return db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export function attachmentsOf(r: Pick<Report, 'attachments'>): Attachment[] {
  return JSON.parse(r.attachments) as Attachment[];
}

/** Marks a report reviewed only if it still awaits review: true for the one decision that wins. */
export async function reviewReport(db: Db, id: number, accept: boolean, reason: string | null, by: number, now: number): Promise<boolean> {
  const res = await db
    .updateTable('reports')
    .set({ review_state: accept ? 'accepted' : 'returned', review_reason: reason, reviewed_by: by, reviewed_at: now })
    .where('id', '=', id)
    .where('review_state', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Moves the assignment only from one of the expected states. */
export async function moveAssignment(
  db: Db,
  id: number,
  from: AssignmentState[],
  to: AssignmentState,
  extra: { acked_at?: number; acked_by?: number; reported_at?: number | null; done_at?: number | null },
  now: number,
): Promise<boolean> {
  const res = await db
    .updateTable('assignments')
    .set({ state: to, updated_at: now, ...extra })
    .where('id', '=', id)
    .where('state', 'in', from)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** /laporan: every report of an instruction with who sent it, per OPD, oldest first. */
export async function listInstructionReports(db: Db, instructionId: number) {
  return db
    .selectFrom('reports as r')
    .innerJoin('opds as o', 'o.id', 'r.opd_id')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .selectAll('r')
    .select(['o.code as opd_code', 'o.name as opd_name', 'p.name as person_name'])
    .where('r.instruction_id', '=', instructionId)
    .orderBy('o.code')
    .orderBy('r.created_at')
    .execute();
}
