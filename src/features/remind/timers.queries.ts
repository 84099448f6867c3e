import type { Db } from '../../infra/db/database';

/** What the reminder policy needs of one assignment, with the instruction's fields. */
export async function loadTimerRow(db: Db, assignmentId: number) {
  return db
    .selectFrom('assignments as a')
    .innerJoin('instructions as i', 'i.id', 'a.instruction_id')
    .innerJoin('opds as o', 'o.id', 'a.opd_id')
    .select([
      'a.id',
      'a.instruction_id',
      'a.opd_id',
      'a.state',
      'a.chat_id',
      'a.message_id',
      'a.delivered_at',
      'a.due_at',
      'a.created_at',
      'a.last_reminder_at',
      'a.sec_escalated_at',
      'a.pim_escalated_at',
      'a.fu_stage',
      'a.fu_plan_from',
      'a.last_overdue_at',
      'a.delegate_id',
      'i.number',
      'i.priority',
      'i.ack_deadline',
      'i.state as instruction_state',
      'i.issuer_id',
      'o.code as opd_code',
      'o.name as opd_name',
      'o.chat_id as opd_chat_id',
      'o.chat_status',
    ])
    .where('a.id', '=', assignmentId)
    .executeTakeFirst();
}
export type TimerRow = NonNullable<Awaited<ReturnType<typeof loadTimerRow>>>;

/** Ids of assignments whose timers may still fire: open instructions, not finished. */
export async function listOpenAssignmentIds(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('assignments as a')
    .innerJoin('instructions as i', 'i.id', 'a.instruction_id')
    .select('a.id')
    .where('i.state', '=', 'open')
    .where('a.state', 'not in', ['cancelled'])
    .where('a.delivered_at', 'is not', null)
    .where('a.id', '>', afterId)
    .orderBy('a.id')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.id));
}
