import type { Db } from './database';
import type { Person } from './schema';

/**
 * Claims updates before they are handled, in whichever process Telegram delivered them to:
 * the ids inserted now are this caller's to handle; an id already there was delivered
 * before (Telegram resends after any non-2xx answer or timeout) and is skipped.
 *
 * At most once, not exactly once: an update whose process died while handling it is not
 * handled again when Telegram resends it. Its person saw no answer (no thanks, no reply)
 * and acts again, which is a new update; a second copy of a report or a delegation is not
 * undone so easily.
 */
export async function claimUpdates(db: Db, updateIds: number[], now: number): Promise<Set<number>> {
  if (updateIds.length === 0) return new Set();
  const rows = await db
    .insertInto('processed_updates')
    .values(updateIds.map((update_id) => ({ update_id, claimed_at: now })))
    .onConflict((oc) => oc.column('update_id').doNothing())
    .returning('update_id')
    .execute();
  return new Set(rows.map((r) => Number(r.update_id)));
}

/** What the claim of one update found: whether it is this caller's to handle, and who sent it. */
export interface Claim {
  mine: boolean;
  /** The sender as registered (null: unknown, or the update has no sender). */
  person: Person | null;
}

/**
 * claimUpdates for one update at a time, batched: the claims asked for in one turn of the
 * event loop (a batch of updates taken in side by side) become one INSERT, and the lookup of
 * their senders one SELECT. Measured on the 1,000-press burst (bench part 4): one INSERT per
 * update cost 0.2 ms of CPU per press and raised the p99 answer time from 39 to 44–64 ms; the
 * senders' lookup, one SELECT per update before (0.7 % of the bot's CPU in the burst), is one
 * round trip less per press; alone it moved the figures within their run-to-run range
 * (bench/RESULTS.md, "acknowledgements during and after a broadcast").
 *
 * The senders are read before the claims are written: a batch whose lookup fails claims
 * nothing, so its updates are not marked handled by a handling that never ran. A sender is
 * read at the moment its update's handling starts, as a lookup in the handler would.
 */
export function updateClaimer(db: Db, now: () => number): (updateId: number, senderId?: number) => Promise<Claim> {
  let pending: { ids: number[]; senders: Set<number>; done: Promise<{ inserted: Set<number>; people: Map<number, Person> }>; given: Set<number> } | null = null;
  return async (updateId, senderId) => {
    if (!pending) {
      const ids: number[] = [];
      const senders = new Set<number>();
      const done = new Promise<{ inserted: Set<number>; people: Map<number, Person> }>((resolve, reject) => {
        setImmediate(() => {
          pending = null;
          lookUpPeople(db, [...senders])
            .then(async (people) => ({ people, inserted: await claimUpdates(db, [...new Set(ids)], now()) }))
            .then(resolve, reject);
        });
      });
      pending = { ids, senders, done, given: new Set() };
    }
    const batch = pending;
    batch.ids.push(updateId);
    if (senderId !== undefined) batch.senders.add(senderId);
    const { inserted, people } = await batch.done;
    const person = senderId === undefined ? null : (people.get(senderId) ?? null);
    // The same id twice in one batch (delivered twice at once): only its first caller handles it.
    if (!inserted.has(updateId) || batch.given.has(updateId)) return { mine: false, person };
    batch.given.add(updateId);
    return { mine: true, person };
  };
}

/** People by Telegram user id (unique), in one query. */
async function lookUpPeople(db: Db, telegramIds: number[]): Promise<Map<number, Person>> {
  if (telegramIds.length === 0) return new Map();
  const rows = await db.selectFrom('people').selectAll().where('telegram_id', 'in', telegramIds).execute();
  return new Map(rows.map((p) => [Number(p.telegram_id), p]));
}

/** Telegram keeps an update for at most 24 hours: older claims can go. */
export async function pruneUpdates(db: Db, before: number): Promise<number> {
  const res = await db.deleteFrom('processed_updates').where('claimed_at', '<', before).executeTakeFirst();
  return Number(res.numDeletedRows);
}
