import type { Db } from '../../infra/db/database';

export async function addActingHead(db: Db, a: { opd_id: number; person_id: number; from_date: string; to_date: string; created_by: number }, now: number): Promise<void> {
  await db
    .insertInto('acting_heads')
    .values({ ...a, created_at: now })
    .execute();
}

export async function removeActingHeads(db: Db, opdId: number): Promise<number> {
  const res = await db.deleteFrom('acting_heads').where('opd_id', '=', opdId).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Acting heads (Plt/Plh) of an OPD on a local date (YYYY-MM-DD). */
export async function listActingHeads(db: Db, opdId: number, dateKey?: string) {
  let q = db
    .selectFrom('acting_heads as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.id', 'a.from_date', 'a.to_date', 'p.telegram_id', 'p.name', 'p.lang', 'p.active'])
    .where('a.opd_id', '=', opdId);
  if (dateKey !== undefined) q = q.where('a.from_date', '<=', dateKey).where('a.to_date', '>=', dateKey);
  return q.orderBy('a.from_date').execute();
}
