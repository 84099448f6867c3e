import { setTimeout as sleep } from 'node:timers/promises';
import type SQLite from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, SqliteDialect, type TransactionSettings } from 'kysely';

/**
 * Waiting for a SQLite file that another process has locked, without stopping this one.
 *
 * SQLite's own busy wait (busy_timeout) sleeps inside the call, and better-sqlite3 calls are
 * synchronous: while the admin CLI imported, each of the bot's writes froze the whole event
 * loop for up to 5 s, six of them for 30 s (issue #13, finding 8). Here SQLite waits only
 * `SQLITE_BUSY_TIMEOUT_MS` itself; after that a statement that may safely run again is tried
 * again after a timer (5 ms, doubling up to 100 ms), for up to `maxWaitMs`, after which the
 * SQLITE_BUSY error surfaces as before.
 *
 * Safe to run again means: the connection was not inside a transaction when the statement
 * started (an autocommit statement, or the BEGIN itself), so the failure changed nothing. A
 * statement inside an open transaction is never retried: in a deferred transaction a write
 * can fail with SQLITE_BUSY_SNAPSHOT (another process wrote since this one read), and only
 * the whole transaction can start over. Transactions therefore begin with BEGIN IMMEDIATE,
 * which takes the write lock at once: the BEGIN is the one place a transaction can meet the
 * lock, and there it is retried. (Transactions here are for writing; a read-only one, asked
 * for with `accessMode: 'read only'`, begins deferred.)
 *
 * While it waits, the statement lends the connection back: Kysely has one connection per
 * SQLite file and a mutex around it, and reads (in WAL mode they never wait for a writer)
 * should not queue behind a write that waits for another process.
 *
 * Only SQLITE_BUSY is waited for ("database is locked": another connection holds the lock).
 * SQLITE_LOCKED ("database table is locked") comes from this same connection or a shared
 * cache, neither of which another process can release, so waiting would not help.
 */

/**
 * SQLite's own (blocking) busy wait, in ms: what each try may cost the event loop. Measured on
 * this 2-core machine (under other load) with two processes writing short transactions
 * through this dialect and a third holding the lock 200 ms in every 300 ms, as the CLI's
 * batches do: the writers' event-loop delay p99 stayed at the machine's noise (6-21 ms) up to
 * 5 ms here, and rose to 40-44 ms at 10 ms; between the two writers alone, 0 to 10 ms made no
 * measurable difference to their latency (p50 about 1 ms) or throughput. The old 5,000 ms
 * would have stopped both writers for each 200 ms hold.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 5;

export interface BusyRetryOptions {
  /** How long a statement waits in all for a lock held elsewhere before its SQLITE_BUSY surfaces. */
  maxWaitMs?: number;
  /** Called when the database is destroyed, before the connection closes (the checkpoint thread stops). */
  onDestroy?: () => Promise<void> | undefined;
}

/**
 * 12 s in all. The locks met in practice are far shorter: in test/e2e/multi-process.test.ts
 * (two bots, two workers, this machine under other load) a write transaction held the lock
 * 7 ms at the median and 0.5 s at the longest; one batch of a CLI import holds it about 75 ms.
 * A lock held for 12 s is stuck (a transaction left open in a `sqlite3` shell), and the error
 * then surfaces as it did after the old 5 s busy timeout: the update fails with "terjadi
 * gangguan", a job is retried by its queue.
 */
const MAX_WAIT_MS = 12_000;
const FIRST_PAUSE_MS = 5;
/** The longest pause between two tries; the admin CLI pauses longer between its batches (import-org.ts). */
export const MAX_PAUSE_MS = 100;

/** SqliteDialect (better-sqlite3) whose statements wait for another process's lock on a timer (see above). */
export class BusyRetrySqliteDialect extends SqliteDialect {
  readonly #sqlite: SQLite.Database;
  readonly #maxWaitMs: number;
  readonly #onDestroy: BusyRetryOptions['onDestroy'];

  constructor(sqlite: SQLite.Database, options: BusyRetryOptions = {}) {
    super({ database: sqlite });
    this.#sqlite = sqlite;
    this.#maxWaitMs = options.maxWaitMs ?? MAX_WAIT_MS;
    this.#onDestroy = options.onDestroy;
  }

  override createDriver(): Driver {
    return new BusyRetryDriver(super.createDriver(), this.#sqlite, this.#maxWaitMs, this.#onDestroy);
  }
}

/** Kysely's SqliteDriver, with its one connection wrapped and transactions begun IMMEDIATE. */
class BusyRetryDriver implements Driver {
  readonly #inner: Driver;
  readonly #connection: BusyRetryConnection;

  readonly #onDestroy: BusyRetryOptions['onDestroy'];

  constructor(inner: Driver, sqlite: SQLite.Database, maxWaitMs: number, onDestroy?: BusyRetryOptions['onDestroy']) {
    this.#inner = inner;
    this.#connection = new BusyRetryConnection(inner, sqlite, maxWaitMs);
    this.#onDestroy = onDestroy;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    this.#connection.inner = await this.#inner.acquireConnection();
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(settings?.accessMode === 'read only' ? 'begin' : 'begin immediate'));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
  }

  releaseConnection(): Promise<void> {
    return this.#inner.releaseConnection(this.#connection.inner!);
  }

  async destroy(): Promise<void> {
    await this.#onDestroy?.();
    return this.#inner.destroy();
  }
}

class BusyRetryConnection implements DatabaseConnection {
  /** SqliteDriver's connection (always the same one), set when acquired. */
  inner: DatabaseConnection | undefined;

  constructor(
    private readonly sqliteDriver: Driver,
    private readonly sqlite: SQLite.Database,
    private readonly maxWaitMs: number,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const giveUpAt = Date.now() + this.maxWaitMs;
    for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, MAX_PAUSE_MS)) {
      const inTransaction = this.sqlite.inTransaction;
      try {
        return await this.inner!.executeQuery<R>(query);
      } catch (err) {
        if (inTransaction || !isBusy(err) || Date.now() + pause > giveUpAt) throw err;
      }
      // Outside a transaction nothing of this caller's is on the connection: others may use it meanwhile.
      await this.sqliteDriver.releaseConnection(this.inner!);
      try {
        await sleep(pause);
      } finally {
        this.inner = await this.sqliteDriver.acquireConnection();
      }
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner!.streamQuery<R>(query, chunkSize);
  }
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
