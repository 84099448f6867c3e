import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { type Generated, Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BusyRetrySqliteDialect, SQLITE_BUSY_TIMEOUT_MS } from '../../src/infra/db/sqlite-busy';

/**
 * The SQLite dialect that waits for another connection's write lock on a timer
 * (src/infra/db/sqlite-busy.ts). The lock is held by a second connection in this same
 * process, so the event loop itself has to run for the lock to be released: a wait that
 * blocked it (SQLite's own busy wait) could never see the release.
 */
interface Tables {
  t: { id: Generated<number>; v: string };
}

let dir: string;
let file: string;
let holder: SQLite.Database;
const open: Kysely<Tables>[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arahan-busy-'));
  file = path.join(dir, 'x.db');
  holder = new SQLite(file, { timeout: 0 });
  holder.pragma('journal_mode = WAL');
  holder.exec('create table t (id integer primary key, v text not null)');
});

afterEach(async () => {
  if (holder.inTransaction) holder.exec('rollback');
  holder.close();
  for (const db of open.splice(0)) await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

function database(maxWaitMs?: number): Kysely<Tables> {
  const sqlite = new SQLite(file);
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  const db = new Kysely<Tables>({ dialect: new BusyRetrySqliteDialect(sqlite, maxWaitMs === undefined ? {} : { maxWaitMs }) });
  open.push(db);
  return db;
}

/** Settles to 'pending' if `p` has not settled by the time a timer fires (so the event loop ran meanwhile). */
function stateAfterTimer(p: Promise<unknown>): Promise<'settled' | 'pending'> {
  return Promise.race([
    p.then(
      () => 'settled' as const,
      () => 'settled' as const,
    ),
    sleep(50).then(() => 'pending' as const),
  ]);
}

describe('BusyRetrySqliteDialect', () => {
  it('a write meeting the lock waits without blocking, reads go on meanwhile, and the write goes through once the lock is released', async () => {
    const db = database();
    await db.insertInto('t').values({ v: 'before' }).execute();
    holder.exec('begin immediate');

    const write = db.insertInto('t').values({ v: 'waited' }).execute();
    expect(await stateAfterTimer(write)).toBe('pending');
    // The connection is lent while the write waits: a read is answered.
    expect((await db.selectFrom('t').select('v').execute()).map((r) => r.v)).toEqual(['before']);

    holder.exec('commit');
    await write;
    expect((await db.selectFrom('t').select('v').orderBy('id').execute()).map((r) => r.v)).toEqual(['before', 'waited']);
  });

  it('a transaction waits at its BEGIN, which is IMMEDIATE: it holds the write lock from its first statement', async () => {
    const db = database();
    holder.exec('begin immediate');
    let otherWriter: string | undefined;
    const trx = db.transaction().execute(async (tx) => {
      await tx.selectFrom('t').selectAll().execute();
      // After a mere read, another connection can no longer write: the lock is this transaction's.
      try {
        holder.prepare("insert into t (v) values ('other')").run();
      } catch (err) {
        otherWriter = (err as { code?: string }).code;
      }
      await tx.insertInto('t').values({ v: 'in transaction' }).execute();
    });
    expect(await stateAfterTimer(trx)).toBe('pending');
    holder.exec('commit');
    await trx;
    expect(otherWriter).toBe('SQLITE_BUSY');
    expect((await db.selectFrom('t').select('v').execute()).map((r) => r.v)).toEqual(['in transaction']);
  });

  it('a lock held beyond the bound: the SQLITE_BUSY error surfaces', async () => {
    const db = database(200);
    holder.exec('begin immediate');
    await expect(db.insertInto('t').values({ v: 'never' }).execute()).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    await expect(db.transaction().execute((tx) => tx.insertInto('t').values({ v: 'never' }).execute())).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
  });

  it('a statement inside an open (deferred) transaction is not tried again: only the whole transaction could be', async () => {
    const db = database();
    let released: Promise<void> | undefined;
    const failure = db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      try {
        await conn.selectFrom('t').selectAll().execute();
        holder.exec('begin immediate');
        // Released soon: a retry would succeed, so a rejection means there was none.
        released = sleep(100).then(() => void holder.exec('commit'));
        await conn.insertInto('t').values({ v: 'stale' }).execute();
      } finally {
        await sql`rollback`.execute(conn);
      }
    });
    await expect(failure).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_BUSY/) });
    await released;
  });
});
