import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/infra/db/database';
import { prepared } from '../../src/infra/db/prepared';
import { freshDatabasePerTest } from '../support/fresh-db';

/**
 * Queries compiled once and run with new values (src/infra/db/prepared.ts), as a ✅ press
 * runs them: every run sees its own values, inside a transaction too, on SQLite and PostgreSQL.
 */
const NOW = Date.UTC(2026, 11, 5, 3, 0);

const fresh = freshDatabasePerTest();
let db: Db;
beforeEach(() => {
  db = fresh.db;
});

const insertEvent = prepared((d, v: { kind: string; at: number; opd: number | null }) =>
  d.insertInto('events').values({ kind: v.kind, at: v.at, opd_id: v.opd, instruction_id: null, assignment_id: null, actor_telegram_id: null, data: null }),
);
/** A constant list in the query stays what it was compiled with. */
const eventsOfKind = prepared((d, v: { kind: string; since: number }) =>
  d.selectFrom('events').select(['kind', 'at']).where('kind', '=', v.kind).where('at', '>=', v.since).where('kind', 'not in', ['x', 'y']).orderBy('at'),
);

describe('a prepared query', () => {
  it('runs with the values of each call, not those of the first', async () => {
    await insertEvent(db, { kind: 'acknowledged', at: NOW, opd: null });
    await insertEvent(db, { kind: 'ack_refused', at: NOW + 1, opd: null });
    await insertEvent(db, { kind: 'acknowledged', at: NOW + 2, opd: null });
    expect((await eventsOfKind(db, { kind: 'acknowledged', since: NOW })).rows).toEqual([
      { kind: 'acknowledged', at: NOW },
      { kind: 'acknowledged', at: NOW + 2 },
    ]);
    expect((await eventsOfKind(db, { kind: 'acknowledged', since: NOW + 1 })).rows).toEqual([{ kind: 'acknowledged', at: NOW + 2 }]);
    expect((await eventsOfKind(db, { kind: 'ack_refused', since: 0 })).rows).toEqual([{ kind: 'ack_refused', at: NOW + 1 }]);
    // The constant list kept its values: 'x' is excluded, whatever the call asks for.
    await insertEvent(db, { kind: 'x', at: NOW, opd: null });
    expect((await eventsOfKind(db, { kind: 'x', since: 0 })).rows).toEqual([]);
  });

  it('runs in the transaction it is given, and is undone with it', async () => {
    await db
      .transaction()
      .execute(async (trx) => {
        await insertEvent(trx, { kind: 'in_trx', at: NOW, opd: null });
        expect((await eventsOfKind(trx, { kind: 'in_trx', since: 0 })).rows).toHaveLength(1);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect((await eventsOfKind(db, { kind: 'in_trx', since: 0 })).rows).toEqual([]);
  });

  it('refuses a value written into the SQL, which every run would repeat', async () => {
    const wrong = prepared((d, v: { kind: string }) => d.selectFrom('events').select('id').where(sql<string>`kind`, '=', sql.lit(v.kind)));
    await expect(wrong(db, { kind: 'acknowledged' })).rejects.toThrow(/written into the SQL/);
  });

  it('refuses the values used as a whole, which would insert no column at all', async () => {
    const whole = prepared((d, v: { kind: string; at: number }) => d.insertInto('events').values(v));
    await expect(whole(db, { kind: 'acknowledged', at: NOW })).rejects.toThrow(/name each column/);
  });
});
