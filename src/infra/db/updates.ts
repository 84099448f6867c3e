import type { Db } from './database';

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

/**
 * claimUpdates for one update at a time, batched: the claims asked for in one turn of the
 * event loop (a batch of updates taken in side by side) become one INSERT. Measured on the
 * 1,000-press burst (bench part 4): one INSERT per update cost 0.2 ms of CPU per press and
 * raised the p99 answer time from 39 to 44–64 ms.
 */
export function updateClaimer(db: Db, now: () => number): (updateId: number) => Promise<boolean> {
  let pending: { ids: number[]; done: Promise<Set<number>>; given: Set<number> } | null = null;
  return async (updateId) => {
    if (!pending) {
      const ids: number[] = [];
      const done = new Promise<Set<number>>((resolve, reject) => {
        setImmediate(() => {
          pending = null;
          claimUpdates(db, [...new Set(ids)], now()).then(resolve, reject);
        });
      });
      pending = { ids, done, given: new Set() };
    }
    const batch = pending;
    batch.ids.push(updateId);
    const inserted = await batch.done;
    // The same id twice in one batch (delivered twice at once): only its first caller handles it.
    if (!inserted.has(updateId) || batch.given.has(updateId)) return false;
    batch.given.add(updateId);
    return true;
  };
}

/** Telegram keeps an update for at most 24 hours: older claims can go. */
export async function pruneUpdates(db: Db, before: number): Promise<number> {
  const res = await db.deleteFrom('processed_updates').where('claimed_at', '<', before).executeTakeFirst();
  return Number(res.numDeletedRows);
}
