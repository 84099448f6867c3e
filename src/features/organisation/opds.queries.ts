import type { Db } from '../../infra/db/database';
import type { ChatStatus, Opd } from '../../infra/db/schema';

export function listOpds(db: Db): Promise<Opd[]> {
  return db.selectFrom('opds').selectAll().orderBy('code').execute();
}

export function findOpdByCode(db: Db, code: string): Promise<Opd | undefined> {
  return db.selectFrom('opds').selectAll().where('code', '=', code.toUpperCase()).executeTakeFirst();
}

export function findOpdById(db: Db, id: number): Promise<Opd | undefined> {
  return db.selectFrom('opds').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOpdByChat(db: Db, chatId: number): Promise<Opd | undefined> {
  return db.selectFrom('opds').selectAll().where('chat_id', '=', chatId).executeTakeFirst();
}

export function findOpdsByCodes(db: Db, codes: string[]): Promise<Opd[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('opds').selectAll().where('code', 'in', codes).orderBy('code').execute();
}

export function findOpdsByCluster(db: Db, cluster: string): Promise<Opd[]> {
  return db
    .selectFrom('opds')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['cluster']), '=', cluster.toLowerCase()))
    .orderBy('code')
    .execute();
}

export async function listClusters(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('opds').select('cluster').distinct().where('cluster', 'is not', null).orderBy('cluster').execute();
  return rows.map((r) => r.cluster!).filter(Boolean);
}

/** Insert or update by code; returns the id. */
export async function upsertOpd(db: Db, o: { code: string; name: string; cluster: string | null }, now: number): Promise<{ id: number; created: boolean }> {
  const existing = await findOpdByCode(db, o.code);
  if (existing) {
    await db.updateTable('opds').set({ name: o.name, cluster: o.cluster, updated_at: now }).where('id', '=', existing.id).execute();
    return { id: existing.id, created: false };
  }
  const row = await db
    .insertInto('opds')
    .values({ code: o.code.toUpperCase(), name: o.name, cluster: o.cluster, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), created: true };
}

export async function linkChat(db: Db, opdId: number, chatId: number, title: string | null, now: number): Promise<void> {
  // A group belongs to one OPD: free it from any other first (the unique index would refuse).
  await db.updateTable('opds').set({ chat_id: null, chat_title: null, chat_status: 'none', updated_at: now }).where('chat_id', '=', chatId).where('id', '!=', opdId).execute();
  await db.updateTable('opds').set({ chat_id: chatId, chat_title: title, chat_status: 'linked', updated_at: now }).where('id', '=', opdId).execute();
}

export async function setChatStatusByChat(db: Db, chatId: number, status: ChatStatus, now: number): Promise<Opd | undefined> {
  const opd = await findOpdByChat(db, chatId);
  if (!opd) return undefined;
  await db.updateTable('opds').set({ chat_status: status, updated_at: now }).where('id', '=', opd.id).execute();
  return { ...opd, chat_status: status };
}

export async function moveChat(db: Db, oldChatId: number, newChatId: number, now: number): Promise<Opd | undefined> {
  const opd = await findOpdByChat(db, oldChatId);
  if (!opd) return undefined;
  await db.updateTable('opds').set({ chat_id: newChatId, chat_status: 'linked', updated_at: now }).where('id', '=', opd.id).execute();
  return { ...opd, chat_id: newChatId, chat_status: 'linked' };
}
