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
