import type { Db } from './database';

export type Claim = 'new' | 'taken_over' | 'duplicate';

/**
 * Claims an update before it is handled, in whichever process Telegram delivered it to.
 * 'duplicate': it is done, or another process is handling it right now. 'taken_over': its
 * claim is older than `leaseMs` and still not done (the process handling it died): handle it.
 */
export async function claimUpdate(db: Db, updateId: number, now: number, leaseMs: number): Promise<Claim> {
  const inserted = await db
    .insertInto('processed_updates')
    .values({ update_id: updateId, claimed_at: now })
    .onConflict((oc) => oc.column('update_id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return 'new';
  const stale = await db
    .updateTable('processed_updates')
    .set({ claimed_at: now })
    .where('update_id', '=', updateId)
    .where('done', '=', 0)
    .where('claimed_at', '<', now - leaseMs)
    .executeTakeFirst();
  return Number(stale.numUpdatedRows) > 0 ? 'taken_over' : 'duplicate';
}

export async function markUpdateDone(db: Db, updateId: number): Promise<void> {
  await db.updateTable('processed_updates').set({ done: 1 }).where('update_id', '=', updateId).execute();
}

/** Telegram keeps an update for at most 24 hours: older claims can go. */
export async function pruneUpdates(db: Db, before: number): Promise<number> {
  const res = await db.deleteFrom('processed_updates').where('claimed_at', '<', before).executeTakeFirst();
  return Number(res.numDeletedRows);
}
