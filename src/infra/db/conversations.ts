import type { Db } from './database';

/** A short exchange in a private chat (composing a report, a return reason, an extension request). */
export interface Conversation<T> {
  kind: string;
  refId: number;
  step: string;
  data: T;
}

export async function getConversation<T>(db: Db, telegramId: number): Promise<Conversation<T> | undefined> {
  const row = await db.selectFrom('conversations').selectAll().where('telegram_id', '=', telegramId).executeTakeFirst();
  return row ? { kind: row.kind, refId: row.ref_id, step: row.step, data: JSON.parse(row.data) as T } : undefined;
}

export async function saveConversation<T>(db: Db, telegramId: number, c: Conversation<T>, now: number): Promise<void> {
  const values = { kind: c.kind, ref_id: c.refId, step: c.step, data: JSON.stringify(c.data), updated_at: now };
  await db
    .insertInto('conversations')
    .values({ telegram_id: telegramId, ...values })
    .onConflict((oc) => oc.column('telegram_id').doUpdateSet(values))
    .execute();
}

export async function endConversation(db: Db, telegramId: number): Promise<void> {
  await db.deleteFrom('conversations').where('telegram_id', '=', telegramId).execute();
}
