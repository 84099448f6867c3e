import type { Db } from '../../infra/db/database';
import type { OutboxMessage } from '../../infra/db/schema';

export interface NewOutboxMessage {
  chat_id: number;
  text: string;
  kind: string;
  priority?: number;
  assignment_id?: number | null;
  opd_id?: number | null;
  reply_to?: number | null;
  /** JSON Attachment: sent as a photo/document with `text` as its caption. */
  media?: string | null;
  /** JSON InlineKeyboardMarkup. */
  buttons?: string | null;
}

/** Every notification is written here first (the database is the truth); a queue job sends it. */
export async function insertOutbox(db: Db, rows: NewOutboxMessage[], now: number): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto('outbox')
    .values(rows.map((r) => ({ ...r, assignment_id: r.assignment_id ?? null, opd_id: r.opd_id ?? null, reply_to: r.reply_to ?? null, created_at: now })))
    .returning('id')
    .execute();
  return inserted.map((r) => Number(r.id));
}

export function findOutbox(db: Db, id: number): Promise<OutboxMessage | undefined> {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markOutboxAttempt(db: Db, id: number): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function markOutboxSent(db: Db, id: number, messageId: number, now: number): Promise<void> {
  await db.updateTable('outbox').set({ state: 'sent', message_id: messageId, sent_at: now, error: null }).where('id', '=', id).execute();
}

export async function markOutboxFailed(db: Db, id: number, error: string): Promise<void> {
  await db.updateTable('outbox').set({ state: 'failed', error }).where('id', '=', id).where('state', '=', 'pending').execute();
}

export async function setOutboxChat(db: Db, id: number, chatId: number): Promise<void> {
  await db.updateTable('outbox').set({ chat_id: chatId }).where('id', '=', id).execute();
}

export async function listPendingOutbox(db: Db): Promise<Pick<OutboxMessage, 'id' | 'priority'>[]> {
  return db.selectFrom('outbox').select(['id', 'priority']).where('state', '=', 'pending').orderBy('id').execute();
}

/**
 * The copies of one decision's message: the outbox rows of `kind` whose buttons carry
 * `callbackData` (each decider got their own copy, with the same buttons).
 */
export function findDecisionCopies(db: Db, kind: string, callbackData: string): Promise<Pick<OutboxMessage, 'id' | 'chat_id' | 'text'>[]> {
  return db
    .selectFrom('outbox')
    .select(['id', 'chat_id', 'text'])
    .where('kind', '=', kind)
    .where('buttons', 'like', `%${JSON.stringify(callbackData)}%`)
    .orderBy('id')
    .execute();
}
