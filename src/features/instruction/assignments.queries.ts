import { sql } from 'kysely';
import type { Db } from '../../infra/db/database';
import { prepared } from '../../infra/db/prepared';
import type { Assignment, AssignmentState, DeliveryState, Instruction, Opd } from '../../infra/db/schema';

export async function insertAssignments(
  db: Db,
  instruction: Pick<Instruction, 'id' | 'due_at'>,
  opds: Pick<Opd, 'id' | 'chat_id' | 'chat_status'>[],
  now: number,
): Promise<Assignment[]> {
  const out: Assignment[] = [];
  // In chunks: 7 parameters a row, and one INSERT for 5,000 OPDs (35,000) went past SQLite's
  // 32,766 ("too many SQL variables"; PostgreSQL's 65,535 at 9,363). Issue #14: 22,000 groups.
  for (let i = 0; i < opds.length; i += ASSIGNMENT_CHUNK) {
    const rows = await db
      .insertInto('assignments')
      .values(
        opds.slice(i, i + ASSIGNMENT_CHUNK).map((o) => ({
          instruction_id: instruction.id,
          opd_id: o.id,
          chat_id: o.chat_id,
          due_at: instruction.due_at,
          delivery_state: (o.chat_id === null || o.chat_status === 'removed' ? 'no_chat' : 'queued') as DeliveryState,
          created_at: now,
          updated_at: now,
        })),
      )
      .returningAll()
      .execute();
    out.push(...rows);
  }
  return out;
}

/** Assignments per INSERT (see insertAssignments). */
const ASSIGNMENT_CHUNK = 1000;

export function findAssignment(db: Db, id: number): Promise<Assignment | undefined> {
  return db.selectFrom('assignments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One OPD's assignment with what a message about it needs. */
export async function loadAssignmentContext(db: Db, id: number) {
  return (await contextById(db, { id })).rows[0];
}

/** Read for every ✅ press (src/infra/db/prepared.ts says why it is compiled once). */
const contextById = prepared((db, v: { id: number }) => contextQuery(db).where('a.id', '=', v.id));

/** loadAssignmentContext for several assignments in one query (the send worker's batches, issue #14). */
export function loadAssignmentContexts(db: Db, ids: number[]) {
  return contextQuery(db).where('a.id', 'in', ids).execute();
}

function contextQuery(db: Db) {
  return db
    .selectFrom('assignments as a')
    .innerJoin('instructions as i', 'i.id', 'a.instruction_id')
    .innerJoin('opds as o', 'o.id', 'a.opd_id')
    .innerJoin('people as p', 'p.id', 'i.issuer_id')
    .leftJoin('people as ack', 'ack.id', 'a.acked_by')
    .leftJoin('people as beh', 'beh.id', 'i.on_behalf_of_person_id')
    .selectAll('a')
    .select([
      'beh.name as on_behalf_name',
      'i.number',
      'i.text',
      'i.priority',
      'i.ack_deadline',
      'i.state as instruction_state',
      'i.created_at as issued_at',
      'i.issuer_id',
      'o.code as opd_code',
      'o.name as opd_name',
      'o.chat_status',
      'p.name as issuer_name',
      'ack.name as acked_by_name',
    ]);
}
export type AssignmentContext = NonNullable<Awaited<ReturnType<typeof loadAssignmentContext>>>;

export async function listInstructionAssignments(db: Db, instructionId: number) {
  return (
    db
      .selectFrom('assignments as a')
      .innerJoin('opds as o', 'o.id', 'a.opd_id')
      .leftJoin('people as ack', 'ack.id', 'a.acked_by')
      .selectAll('a')
      .leftJoin('people as dlg', 'dlg.id', 'a.delegate_id')
      .select(['o.code as opd_code', 'o.name as opd_name', 'o.chat_status', 'ack.name as acked_by_name', 'dlg.name as delegate_name'])
      // When the OPD last reported (reports_assignment_idx): updated_at also moves with reminders.
      .select((eb) =>
        eb
          .selectFrom('reports as r')
          .select((e) => e.fn.max('r.created_at').as('m'))
          .whereRef('r.assignment_id', '=', 'a.id')
          .as('last_report_at'),
      )
      .where('a.instruction_id', '=', instructionId)
      .orderBy('o.code')
      .execute()
  );
}
export type AssignmentRow = Awaited<ReturnType<typeof listInstructionAssignments>>[number];

export async function updateDelivery(
  db: Db,
  id: number,
  patch: {
    delivery_state: DeliveryState;
    delivery_error?: string | null;
    chat_id?: number | null;
    message_id?: number | null;
    delivered_at?: number | null;
    attempt?: boolean;
  },
  now: number,
): Promise<void> {
  const { attempt, ...rest } = patch;
  await db
    .updateTable('assignments')
    .set((eb) => ({
      ...rest,
      updated_at: now,
      ...(attempt ? { delivery_attempts: eb('delivery_attempts', '+', 1) } : {}),
    }))
    .where('id', '=', id)
    .execute();
}

/** pending → delivered once the group has the message. */
export async function markDelivered(db: Db, id: number, chatId: number, messageId: number, now: number): Promise<void> {
  // One statement: a crash cannot leave the send recorded with the state still pending.
  await db
    .updateTable('assignments')
    .set((eb) => ({
      delivery_state: 'sent',
      delivery_error: null,
      chat_id: chatId,
      message_id: messageId,
      delivered_at: now,
      updated_at: now,
      state: eb.case().when('state', '=', 'pending').then(sql.lit<AssignmentState>('delivered')).else(eb.ref('state')).end(),
    }))
    .where('id', '=', id)
    .execute();
}

/** Records the acknowledgement only if still awaited: true for the one press that wins. */
export async function acknowledgeAssignment(db: Db, id: number, personId: number, now: number): Promise<boolean> {
  const res = await acknowledgeById(db, { id, personId, now });
  return Number(res.numAffectedRows) === 1;
}

/** Run for every first ✅ press (prepared: src/infra/db/prepared.ts). */
const acknowledgeById = prepared((db, v: { id: number; personId: number; now: number }) =>
  db
    .updateTable('assignments')
    .set({ state: 'acknowledged', acked_at: v.now, acked_by: v.personId, updated_at: v.now })
    .where('id', '=', v.id)
    .where('state', 'in', ['pending', 'delivered']),
);

/** Both clocks of one instruction: acknowledged, done, overdue (and not deliverable). */
export async function countProgress(db: Db, instructionId: number, now: number): Promise<{ total: number; acked: number; done: number; overdue: number; failed: number }> {
  const row = await db
    .selectFrom('assignments')
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      eb.fn.sum<number>(eb.case().when('acked_at', 'is not', null).then(1).else(0).end()).as('acked'),
      eb.fn.sum<number>(eb.case().when('state', '=', 'done').then(1).else(0).end()).as('done'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('state', 'not in', ['reported', 'done', 'cancelled']), eb('due_at', '<', now)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('overdue'),
      eb.fn.sum<number>(eb.case().when('delivery_state', 'in', ['failed', 'no_chat']).then(1).else(0).end()).as('failed'),
    ])
    .where('instruction_id', '=', instructionId)
    .where('state', '!=', 'cancelled')
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), acked: Number(row.acked ?? 0), done: Number(row.done ?? 0), overdue: Number(row.overdue ?? 0), failed: Number(row.failed ?? 0) };
}

/** Open instructions' assignments still awaiting acknowledgement, oldest first. */
export async function listAwaitingAck(db: Db, opts: { instructionId?: number; lateAt?: number } = {}) {
  let q = db
    .selectFrom('assignments as a')
    .innerJoin('instructions as i', 'i.id', 'a.instruction_id')
    .innerJoin('opds as o', 'o.id', 'a.opd_id')
    .select(['a.id', 'a.state', 'a.delivery_state', 'a.delivery_error', 'a.delivered_at', 'a.created_at', 'i.number', 'i.ack_deadline', 'o.code as opd_code', 'o.name as opd_name'])
    .where('i.state', '=', 'open')
    .where('a.state', 'in', ['pending', 'delivered']);
  if (opts.instructionId !== undefined) q = q.where('a.instruction_id', '=', opts.instructionId);
  if (opts.lateAt !== undefined) q = q.where('i.ack_deadline', '<', opts.lateAt);
  return q.orderBy('i.ack_deadline').orderBy('i.id').orderBy('o.code').execute();
}
export type AwaitingAckRow = Awaited<ReturnType<typeof listAwaitingAck>>[number];

/** The instruction's messages in OPD groups (delivered, not cancelled): where a decision is told. */
export function deliveredMessages(db: Db, instructionId: number) {
  return db
    .selectFrom('assignments')
    .select(['id', 'opd_id', 'chat_id', 'message_id'])
    .where('instruction_id', '=', instructionId)
    .where('delivery_state', '=', 'sent')
    .where('state', '!=', 'cancelled')
    .execute();
}

/** An instruction's deliveries: sent, and still to be attempted (queued or being sent), of those not cancelled. */
export async function countDeliveries(db: Db, instructionId: number): Promise<{ sent: number; pending: number }> {
  const row = await db
    .selectFrom('assignments')
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when('delivery_state', '=', 'sent').then(1).else(0).end()).as('sent'),
      eb.fn.sum<number>(eb.case().when('delivery_state', 'in', ['queued', 'sending']).then(1).else(0).end()).as('pending'),
    ])
    .where('instruction_id', '=', instructionId)
    .where('state', '!=', 'cancelled')
    .executeTakeFirstOrThrow();
  return { sent: Number(row.sent ?? 0), pending: Number(row.pending ?? 0) };
}
