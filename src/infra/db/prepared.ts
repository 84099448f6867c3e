import type { Compilable, CompiledQuery, QueryResult } from 'kysely';
import type { Db } from './database';

/**
 * A query of one fixed shape, built and compiled by Kysely once per dialect and then run with
 * new values: for the few queries a button press runs, hundreds of times a second in a burst.
 *
 * Why: Kysely builds a query as a tree of frozen nodes and compiles it to SQL on every call.
 * For the assignment context a ✅ press reads (a six-table join) that is ~30 µs of CPU of the
 * ~40 µs the whole query costs on SQLite, against ~7 µs run precompiled (measured on this
 * machine, 2026-12-05, 20,000 runs), and in bench part 4b (1,000 presses during a broadcast)
 * Kysely's builders were a third of what the bot process allocated (53 of 166 MB), the
 * garbage whose collections are the tail of the presses' answer times.
 *
 * `build` is called once with a stand-in for each value; every stand-in must reach the query
 * as a parameter (a value in where/set/values), which is checked when it is compiled. The
 * values object is a stand-in too, with no keys of its own: name each column (`values(v)` is
 * refused). The
 * values of a run take their places; everything else (the SQL, constants written into the
 * query) is as compiled. A query whose shape depends on the values (an IN list of any
 * length, a column chosen by a value) cannot be prepared this way. On a database with Kysely
 * plugins (which rewrite queries as they are built) the query is built on every run.
 */
export function prepared<A extends Record<string, unknown>, R>(build: (db: Db, values: A) => Compilable<R>): (db: Db, values: A) => Promise<QueryResult<R>> {
  // By adapter (one per dialect): a transaction is a new Kysely object with the same one.
  const compiled = new WeakMap<object, { query: CompiledQuery<R>; slots: Array<keyof A | null> }>();
  return async (db, values) => {
    const executor = db.getExecutor();
    // A plugin rewrites queries as they are built (tests count reads with one): built anew then.
    if (executor.plugins.length > 0) return db.executeQuery(build(db, values));
    const adapter = executor.adapter;
    let entry = compiled.get(adapter);
    if (!entry) {
      entry = compile(db, build);
      compiled.set(adapter, entry);
    }
    const { query, slots } = entry;
    const parameters = slots.map((slot, i) => (slot === null ? query.parameters[i] : values[slot]));
    return db.executeQuery<R>({ ...query, parameters });
  };
}

/** A value's stand-in while the query is built. */
class StandIn {
  constructor(readonly key: string) {}
}

function compile<A extends Record<string, unknown>, R>(db: Db, build: (db: Db, values: A) => Compilable<R>): { query: CompiledQuery<R>; slots: Array<keyof A | null> } {
  const standIns = new Proxy({} as A, {
    get: (_target, key) => new StandIn(String(key)),
    ownKeys: () => {
      throw new Error('prepared query: the values were used as a whole (values(v), a spread); name each column');
    },
  });
  let query: CompiledQuery<R>;
  try {
    query = build(db, standIns).compile();
  } catch (err) {
    // Kysely refuses a stand-in it was asked to write into the SQL (sql.lit, an immediate value).
    if (err instanceof Error && err.message.includes('immediate value')) {
      throw new Error(`prepared query: a value was written into the SQL instead of passed as a parameter (${err.message})`);
    }
    throw err;
  }
  const slots = query.parameters.map((p) => (p instanceof StandIn ? (p.key as keyof A) : null));
  return { query, slots };
}
