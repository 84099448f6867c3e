import type { Db } from '../../infra/db/database';
import type { ExtensionRequest } from '../../infra/db/schema';

export async function insertExtensionRequest(
  db: Db,
  r: { assignment_id: number; requested_by: number; requested_due: number; reason: string },
  now: number,
): Promise<ExtensionRequest> {
  return db
    .insertInto('extension_requests')
    .values({ ...r, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findExtensionRequest(db: Db, id: number): Promise<ExtensionRequest | undefined> {
  return db.selectFrom('extension_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Decides a request only if still pending: true for the one decision that wins. */
export async function decideExtensionRequest(db: Db, id: number, approve: boolean, by: number, now: number): Promise<boolean> {
  const res = await db
    .updateTable('extension_requests')
    .set({ state: approve ? 'approved' : 'refused', decided_by: by, decided_at: now })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Moves a pending request's date, only if still pending and still `from`: true for the one move that wins. */
export async function moveRequestedDue(db: Db, id: number, from: number, to: number): Promise<boolean> {
  const res = await db
    .updateTable('extension_requests')
    .set({ requested_due: to })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .where('requested_due', '=', from)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** A decider's copy of a request amended before anyone decided: the text it is sent with, or edited to. */
export async function setOutboxText(db: Db, outboxId: number, text: string): Promise<void> {
  await db.updateTable('outbox').set({ text }).where('id', '=', outboxId).execute();
}
