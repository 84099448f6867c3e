import type { Db } from '../../infra/db/database';

/**
 * Several deliveries about to be sent, recorded as "sending" (one attempt more each) in one
 * statement: the send worker's batches (./deliver.ts).
 */
export async function markSending(db: Db, ids: number[], now: number): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('assignments')
    .set((eb) => ({ delivery_state: 'sending', updated_at: now, delivery_attempts: eb('delivery_attempts', '+', 1) }))
    .where('id', 'in', ids)
    .execute();
}

/** The `delivered` events of several deliveries, in one INSERT. */
export async function insertDeliveredEvents(db: Db, rows: Array<{ instructionId: number; assignmentId: number; opdId: number }>, now: number): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('events')
    .values(
      rows.map((d) => ({
        at: now,
        kind: 'delivered',
        instruction_id: d.instructionId,
        assignment_id: d.assignmentId,
        opd_id: d.opdId,
        actor_telegram_id: null,
        data: null,
      })),
    )
    .execute();
}
