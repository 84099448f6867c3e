import { PostgresAdapter } from 'kysely';
import type { Db } from '../../infra/db/database';
import type { Person, Role } from '../../infra/db/schema';

export function findPersonByTelegramId(db: Db, telegramId: number): Promise<Person | undefined> {
  return db.selectFrom('people').selectAll().where('telegram_id', '=', telegramId).executeTakeFirst();
}

export function findPersonById(db: Db, id: number): Promise<Person | undefined> {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listPeopleByRole(db: Db, roles: Role[]): Promise<Person[]> {
  return db.selectFrom('people').selectAll().where('role', 'in', roles).where('active', '=', 1).execute();
}

export function listOpdPeople(db: Db, opdId: number, roles?: Role[]): Promise<Person[]> {
  let q = db.selectFrom('people').selectAll().where('opd_id', '=', opdId).where('active', '=', 1);
  if (roles) q = q.where('role', 'in', roles);
  return q.orderBy('name').execute();
}

export interface PersonInput {
  telegram_id: number;
  name: string;
  username?: string | null;
  role: Role;
  opd_id: number | null;
}

/** Insert or update by Telegram id; returns the person's id. A deactivated person stays deactivated. */
export async function upsertPerson(db: Db, p: PersonInput, now: number): Promise<{ id: number; created: boolean }> {
  const existing = await findPersonByTelegramId(db, p.telegram_id);
  if (existing) {
    await db
      .updateTable('people')
      .set({
        name: p.name,
        role: p.role,
        opd_id: p.opd_id,
        // Not `active`: a re-import or an invitation never undoes a deactivation (/aktifkan does).
        updated_at: now,
        ...(p.username !== undefined ? { username: p.username } : {}),
      })
      .where('id', '=', existing.id)
      .execute();
    return { id: existing.id, created: false };
  }
  const row = await db
    .insertInto('people')
    .values({
      telegram_id: p.telegram_id,
      name: p.name,
      username: p.username ?? null,
      role: p.role,
      opd_id: p.opd_id,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), created: true };
}

export async function setRole(db: Db, personId: number, role: Role, opdId: number | null, now: number): Promise<void> {
  await db.updateTable('people').set({ role, opd_id: opdId, updated_at: now }).where('id', '=', personId).execute();
}

/** Renames a person only while their name is still `from` (a placeholder); true if renamed. */
export async function renameFrom(db: Db, personId: number, from: string, to: string, now: number): Promise<boolean> {
  const res = await db.updateTable('people').set({ name: to, updated_at: now }).where('id', '=', personId).where('name', '=', from).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function setLanguage(db: Db, personId: number, lang: string, now: number): Promise<void> {
  await db.updateTable('people').set({ lang, updated_at: now }).where('id', '=', personId).execute();
}

/** Everyone, active or not, by name: for finding a person by name or @username (a few hundred rows). */
export function listAllPeople(db: Db): Promise<Person[]> {
  return db.selectFrom('people').selectAll().orderBy('name').execute();
}

/**
 * The active admins, locked until the transaction ends on PostgreSQL, so that two admins
 * deactivating each other at once cannot both succeed and leave none (SQLite writes one
 * transaction at a time anyway).
 */
export async function lockActiveAdmins(trx: Db): Promise<number[]> {
  let q = trx.selectFrom('people').select('id').where('role', '=', 'admin').where('active', '=', 1);
  if (trx.getExecutor().adapter instanceof PostgresAdapter) q = q.forUpdate();
  return (await q.execute()).map((r) => Number(r.id));
}

/** Deactivates an active person; false when they were already inactive. */
export async function deactivate(db: Db, personId: number, by: number | null, reason: string | null, now: number): Promise<boolean> {
  const res = await db
    .updateTable('people')
    .set({ active: 0, deactivated_at: now, deactivated_by: by, deactivation_reason: reason, updated_at: now })
    .where('id', '=', personId)
    .where('active', '=', 1)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Reactivates an inactive person; false when they were already active. */
export async function reactivate(db: Db, personId: number, now: number): Promise<boolean> {
  const res = await db
    .updateTable('people')
    .set({ active: 1, deactivated_at: null, deactivated_by: null, deactivation_reason: null, updated_at: now })
    .where('id', '=', personId)
    .where('active', '=', 0)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
