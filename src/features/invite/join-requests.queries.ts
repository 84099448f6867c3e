import type { Db } from '../../infra/db/database';
import type { JoinRequest, Role } from '../../infra/db/schema';

export interface NewJoinRequest {
  invitation_id: number;
  opd_id: number;
  role: Role;
  telegram_id: number;
  name: string;
  username: string | null;
}

export async function insertJoinRequest(db: Db, r: NewJoinRequest, now: number): Promise<number> {
  const row = await db
    .insertInto('join_requests')
    .values({ ...r, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export function findJoinRequest(db: Db, id: number): Promise<JoinRequest | undefined> {
  return db.selectFrom('join_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The request this person made with this link, if any (one per person and link). */
export function findJoinRequestFor(db: Db, invitationId: number, telegramId: number): Promise<JoinRequest | undefined> {
  return db.selectFrom('join_requests').selectAll().where('invitation_id', '=', invitationId).where('telegram_id', '=', telegramId).executeTakeFirst();
}

/** Decides a pending request once; false when another admin decided it first. */
export async function decideJoinRequest(db: Db, id: number, approve: boolean, by: number, now: number): Promise<boolean> {
  const res = await db
    .updateTable('join_requests')
    .set({ state: approve ? 'approved' : 'rejected', decided_by: by, decided_at: now })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
