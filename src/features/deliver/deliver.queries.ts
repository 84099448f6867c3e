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

/** An instruction's groups (its assignments), for the paid-broadcast share (./paid.ts). */
export async function countInstructionGroups(db: Db, instructionId: number): Promise<number> {
  const r = await db
    .selectFrom('assignments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('instruction_id', '=', instructionId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Takes one paid send of the instruction's `share`: false once `share` are taken. One statement
 * (an upsert whose update only happens under the share), so two workers cannot both take the last.
 */
export async function claimPaidSend(db: Db, instructionId: number, share: number): Promise<boolean> {
  const r = await db
    .insertInto('paid_broadcasts')
    .values({ instruction_id: instructionId, sends: 1 })
    .onConflict((oc) =>
      oc
        .column('instruction_id')
        .doUpdateSet((eb) => ({ sends: eb('paid_broadcasts.sends', '+', 1) }))
        .where('paid_broadcasts.sends', '<', share),
    )
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** This delivery goes (and, retried, goes again) with `allow_paid_broadcast`. */
export async function markPaidBroadcast(db: Db, assignmentId: number): Promise<void> {
  await db.updateTable('assignments').set({ paid_broadcast: 1 }).where('id', '=', assignmentId).execute();
}
