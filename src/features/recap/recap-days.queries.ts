import type { Db } from '../../infra/db/database';
import { localDay } from './recap.queries';

export interface StoredDay {
  day: number;
  figures: string;
  ackMs: Uint8Array | null;
}

/** Local days (zone `offset` ms ahead of UTC) holding an assignment changed at or after `since`. */
export async function changedDays(db: Db, since: number, offset: number): Promise<number[]> {
  const rows = await db.selectFrom('assignments').select(localDay('created_at', offset).as('day')).distinct().where('updated_at', '>=', since).execute();
  return rows.map((r) => Number(r.day));
}

/** The first and last creation instants of any assignment (null when there is none). */
export async function assignmentSpan(db: Db): Promise<{ first: number; last: number } | null> {
  const row = await db
    .selectFrom('assignments')
    .select((eb) => [eb.fn.min<number>('created_at').as('first'), eb.fn.max<number>('created_at').as('last')])
    .executeTakeFirst();
  return row?.first == null || row.last == null ? null : { first: Number(row.first), last: Number(row.last) };
}

/** Replaces days [fromDay, toDay) by `days` (which must all fall in that range; a day left out has no assignment). */
export async function replaceDays(db: Db, fromDay: number, toDay: number, days: StoredDay[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('recap_days').where('day', '>=', fromDay).where('day', '<', toDay).execute();
    for (let i = 0; i < days.length; i += 100) {
      const values = days
        .slice(i, i + 100)
        .map((d) => ({ day: d.day, figures: d.figures, ack_ms: d.ackMs ? Buffer.from(d.ackMs.buffer, d.ackMs.byteOffset, d.ackMs.byteLength) : null }));
      // Another process may rebuild the same day at the same moment: the last one wins.
      await trx
        .insertInto('recap_days')
        .values(values)
        .onConflict((oc) => oc.column('day').doUpdateSet((eb) => ({ figures: eb.ref('excluded.figures'), ack_ms: eb.ref('excluded.ack_ms') })))
        .execute();
    }
  });
}

/** Days [fromDay, toDay) as stored. */
export async function readDays(db: Db, fromDay: number, toDay: number): Promise<StoredDay[]> {
  const rows = await db.selectFrom('recap_days').selectAll().where('day', '>=', fromDay).where('day', '<', toDay).execute();
  return rows.map((r) => ({ day: Number(r.day), figures: r.figures, ackMs: r.ack_ms }));
}

/** Forgets every day (the zone changed). */
export async function clearDays(db: Db): Promise<void> {
  await db.deleteFrom('recap_days').execute();
}
