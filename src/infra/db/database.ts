import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteAdapter, sql } from 'kysely';
import pg from 'pg';
import { migrations } from '../../../migrations/index';
import type { Database } from './schema';
import { type Checkpointer, startCheckpointer } from './checkpointer';
import { BusyRetrySqliteDialect, SQLITE_BUSY_TIMEOUT_MS } from './sqlite-busy';

export type Db = Kysely<Database>;

/** PostgreSQL schema named by the URL's `options=-c search_path=…`, remembered per database. */
const schemas = new WeakMap<object, string>();

export interface DatabaseOptions {
  /**
   * SQLite: checkpoint the WAL in a thread of its own instead of inside the commit that fills
   * it (./checkpointer.ts). The app's processes do; one-shot commands (migrate, the admin CLI)
   * keep SQLite's default.
   */
  checkpointThread?: boolean;
}

/** `file:PATH` → SQLite (WAL, foreign keys); `postgres://…` → PostgreSQL. */
export function createDatabase(url: string, options: DatabaseOptions = {}): Db {
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    // The busy timeout from the first statement on: switching a fresh file to WAL takes a
    // lock that another process starting at the same moment may hold ("database is locked"
    // in test/e2e/concurrent-start.test.ts when it was set after the switch). Start-up only:
    // from then on SQLite waits a few ms itself and the dialect waits on a timer
    // (sqlite-busy.ts), so a file locked by another process no longer freezes this one.
    const sqlite = new SQLite(path, { timeout: 5000 });
    toWal(sqlite);
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    cachePreparedStatements(sqlite);
    const checkpointer = path === ':memory:' || !options.checkpointThread ? null : offLoopCheckpoints(sqlite, path);
    return new Kysely<Database>({ dialect: new BusyRetrySqliteDialect(sqlite, { onDestroy: () => checkpointer?.stop() }) });
  }
  // bigint (int8) and count(*) come back as numbers on both engines: Telegram ids and
  // epoch milliseconds fit safely in a double.
  pg.types.setTypeParser(20, (v) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const schema = /search_path(?:=|%3D)([A-Za-z_][\w]*)/.exec(decodeURIComponent(new URL(url).searchParams.get('options') ?? ''))?.[1];
  if (schema) schemas.set(db, schema);
  return db;
}

/** The automatic checkpoint off and the thread on; back to automatic should the thread die. */
function offLoopCheckpoints(sqlite: SQLite.Database, path: string): Checkpointer {
  sqlite.pragma('wal_autocheckpoint = 0');
  return startCheckpointer(path, (why) => {
    if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
    process.emitWarning(`SQLite checkpoints are back in the commits (${why})`, { code: 'ARAHAN_CHECKPOINT' });
  });
}

/**
 * Switches the file to WAL. On a fresh file the switch needs a lock that SQLite does not wait
 * for (no busy handler there): processes starting at the same moment got "database is
 * locked" at once, 2 starts in 80 in test/e2e/concurrent-start.test.ts. Tried again for up
 * to 5 s (start-up only, so a synchronous pause is acceptable).
 */
function toWal(sqlite: SQLite.Database): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; ; waited += 25) {
    try {
      sqlite.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if (!(err instanceof SQLite.SqliteError) || !err.code.startsWith('SQLITE_BUSY') || waited >= 5000) throw err;
      Atomics.wait(pause, 0, 0, 25);
    }
  }
}

/**
 * Kysely prepares every query it sends; preparing is about a tenth of a button press's
 * CPU. The same SQL text gets the same statement back (bounded, least recently added
 * first out). Safe because Kysely runs each statement to completion at once (all/run);
 * nothing here streams rows from a statement (iterate), which would keep it busy.
 */
function cachePreparedStatements(sqlite: SQLite.Database, max = 500): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, SQLite.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof sqlite.prepare;
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const schema = schemas.get(db);
  if (!schema && db.getExecutor().adapter instanceof SqliteAdapter) return migrateSqlite(db);
  for (let attempt = 1; ; attempt++) {
    if (schema) {
      // The schema named in search_path must exist before Kysely looks for its tables there.
      await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    }
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => migrations },
      // Keep Kysely's own bookkeeping tables in the same schema as ours.
      ...(schema ? { migrationTableSchema: schema } : {}),
    });
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    const message = String((error as Error).message ?? error);
    // Seen rarely on PostgreSQL when several processes migrate one fresh schema at once ("schema
    // … does not exist", once "relation … does not exist"): try again; a real error repeats.
    if (schema && attempt < 3 && /(schema|relation) .* does not exist/.test(message)) continue;
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${message}`);
  }
}

/**
 * SQLite: Kysely takes no migration lock and runs no transaction there, so processes starting
 * together on a fresh file each ran the first migration ("table opds already exists", seen
 * in test/e2e/concurrent-start.test.ts) and a failure could leave half a schema. Everything
 * runs inside BEGIN IMMEDIATE instead: one process migrates, the others wait (at the BEGIN,
 * on a timer: sqlite-busy.ts) and then find nothing left to do; a failure rolls back whole
 * (SQLite's DDL is transactional).
 */
async function migrateSqlite(db: Db): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const { error, results } = await new Migrator({ db: conn, provider: { getMigrations: async () => migrations } }).migrateToLatest();
      if (error) {
        const failed = results?.find((r) => r.status === 'Error');
        throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String((error as Error).message ?? error)}`);
      }
      await sql`commit`.execute(conn);
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw err;
    }
  });
}
