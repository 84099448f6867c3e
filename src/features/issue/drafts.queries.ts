import type { Db } from '../../infra/db/database';

export interface DraftRow<T> {
  step: string;
  data: T;
}

export async function getDraft<T>(db: Db, telegramId: number): Promise<DraftRow<T> | undefined> {
  const row = await db.selectFrom('drafts').selectAll().where('telegram_id', '=', telegramId).executeTakeFirst();
  return row ? { step: row.step, data: JSON.parse(row.data) as T } : undefined;
}

export async function saveDraft<T>(db: Db, telegramId: number, step: string, data: T, now: number): Promise<void> {
  const json = JSON.stringify(data);
  await db
    .insertInto('drafts')
    .values({ telegram_id: telegramId, step, data: json, updated_at: now })
    .onConflict((oc) => oc.column('telegram_id').doUpdateSet({ step, data: json, updated_at: now }))
    .execute();
}

export async function deleteDraft(db: Db, telegramId: number): Promise<void> {
  await db.deleteFrom('drafts').where('telegram_id', '=', telegramId).execute();
}
