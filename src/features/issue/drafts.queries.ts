import type { Db } from '../../infra/db/database';

export interface DraftRow<T> {
  step: string;
  data: T;
  /** The stored JSON, for a compare-and-delete (consumeDraft). */
  raw: string;
}

export async function getDraft<T>(db: Db, telegramId: number): Promise<DraftRow<T> | undefined> {
  const row = await db.selectFrom('drafts').selectAll().where('telegram_id', '=', telegramId).executeTakeFirst();
  return row ? { step: row.step, data: JSON.parse(row.data) as T, raw: row.data } : undefined;
}

export async function saveDraft<T>(db: Db, telegramId: number, step: string, data: T, now: number): Promise<void> {
  const json = JSON.stringify(data);
  await db
    .insertInto('drafts')
    .values({ telegram_id: telegramId, step, data: json, updated_at: now })
    .onConflict((oc) => oc.column('telegram_id').doUpdateSet({ step, data: json, updated_at: now }))
    .execute();
}

/** Deletes the draft only if it is still exactly `raw`: true for the one caller that got it. */
export async function consumeDraft(db: Db, telegramId: number, raw: string): Promise<boolean> {
  const res = await db.deleteFrom('drafts').where('telegram_id', '=', telegramId).where('data', '=', raw).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export async function deleteDraft(db: Db, telegramId: number): Promise<void> {
  await db.deleteFrom('drafts').where('telegram_id', '=', telegramId).execute();
}
