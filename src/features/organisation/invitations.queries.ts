import type { Db } from '../../infra/db/database';
import type { Invitation, Role } from '../../infra/db/schema';

export async function createInvitation(
  db: Db,
  inv: { code: string; opd_id: number; role: Role; created_by: number; max_uses: number; expires_at: number },
  now: number,
): Promise<void> {
  await db
    .insertInto('invitations')
    .values({ ...inv, created_at: now })
    .execute();
}

export function findInvitation(db: Db, code: string): Promise<Invitation | undefined> {
  return db.selectFrom('invitations').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Counts one use if the invitation still has uses left; false when it was used up meanwhile. */
export async function consumeInvitation(db: Db, id: number): Promise<boolean> {
  const res = await db
    .updateTable('invitations')
    .set((eb) => ({ uses: eb('uses', '+', 1) }))
    .where('id', '=', id)
    .whereRef('uses', '<', 'max_uses')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
