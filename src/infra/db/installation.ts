import { randomBytes } from 'node:crypto';
import type { Db } from './database';

/**
 * This database's installation id: created by the first start on a new database (any
 * number of processes at once: the first insert wins, the others read it). It scopes every
 * Redis key, so a Redis that outlived its database cannot answer for this one.
 */
export async function installationId(db: Db, now: number): Promise<string> {
  const existing = await db.selectFrom('installation').select('id').where('slot', '=', 1).executeTakeFirst();
  if (existing) return existing.id;
  await db
    .insertInto('installation')
    .values({ slot: 1, id: randomBytes(6).toString('hex'), created_at: now })
    .onConflict((oc) => oc.column('slot').doNothing())
    .execute();
  return (await db.selectFrom('installation').select('id').where('slot', '=', 1).executeTakeFirstOrThrow()).id;
}
