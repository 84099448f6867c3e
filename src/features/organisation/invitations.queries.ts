import type { Db } from '../../infra/db/database';
import type { Invitation, Role } from '../../infra/db/schema';

export async function createInvitation(
  db: Db,
  inv: { code: string; opd_id: number; role: Role; created_by: number; max_uses: number; expires_at: number },
  now: number,
): Promise<number> {
  const row = await db
    .insertInto('invitations')
    .values({ ...inv, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export function findInvitation(db: Db, code: string): Promise<Invitation | undefined> {
  return db.selectFrom('invitations').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Counts one use if the invitation still has uses left; false when it was used up (or revoked) meanwhile. */
export async function consumeInvitation(db: Db, id: number): Promise<boolean> {
  const res = await db
    .updateTable('invitations')
    .set((eb) => ({ uses: eb('uses', '+', 1) }))
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .whereRef('uses', '<', 'max_uses')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export function findInvitationById(db: Db, id: number): Promise<Invitation | undefined> {
  return db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface OpenInvitation {
  id: number;
  role: Role;
  uses: number;
  max_uses: number;
  expires_at: number;
  created_at: number;
  created_by: number;
  opd_code: string;
  opd_name: string;
  creator_name: string | null;
}

/** Links that can still be used (not revoked, not expired, uses left), oldest first. */
export function listOpenInvitations(db: Db, now: number): Promise<OpenInvitation[]> {
  return db
    .selectFrom('invitations as i')
    .innerJoin('opds as o', 'o.id', 'i.opd_id')
    .leftJoin('people as p', 'p.telegram_id', 'i.created_by')
    .select(['i.id', 'i.role', 'i.uses', 'i.max_uses', 'i.expires_at', 'i.created_at', 'i.created_by', 'o.code as opd_code', 'o.name as opd_name', 'p.name as creator_name'])
    .where('i.revoked_at', 'is', null)
    .where('i.expires_at', '>', now)
    .whereRef('i.uses', '<', 'i.max_uses')
    .orderBy('i.id')
    .execute();
}

/** Revokes a link once; false when it was already revoked. */
export async function revokeInvitation(db: Db, id: number, by: number, now: number): Promise<boolean> {
  const res = await db.updateTable('invitations').set({ revoked_at: now, revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
