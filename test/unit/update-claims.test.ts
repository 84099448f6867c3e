import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { upsertPerson } from '../../src/features/organisation/people.queries';
import type { Db } from '../../src/infra/db/database';
import { updateClaimer } from '../../src/infra/db/updates';
import { freshDatabasePerTest } from '../support/fresh-db';

/**
 * The claim of an update and the lookup of its sender (src/bot.ts's first middleware): an
 * update is handled once, its sender is the registered person, and a batch of updates taken in
 * side by side costs one lookup, not one per update (bench/RESULTS.md, issue #14).
 */
const NOW = Date.UTC(2026, 11, 1, 3, 0);
const HEAD = 600001;
const STAF = 700001;

const fresh = freshDatabasePerTest();
let db: Db;

beforeEach(async () => {
  db = fresh.db;
  await upsertPerson(db, { telegram_id: HEAD, name: 'Kepala Satu', role: 'kepala', opd_id: null }, NOW);
  await upsertPerson(db, { telegram_id: STAF, name: 'Staf Satu', role: 'staf', opd_id: null }, NOW);
});

/** Counts the SELECTs on `people`, and fails them while `fail` is set. */
class PeopleReads implements KyselyPlugin {
  count = 0;
  fail = false;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node;
    if (node.kind === 'SelectQueryNode' && JSON.stringify(node.from).includes('"people"')) {
      this.count++;
      if (this.fail) throw new Error('the database went away');
    }
    return node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

describe('claiming updates', () => {
  it('hands each update to one caller with its sender, one lookup for a batch taken in together', async () => {
    const reads = new PeopleReads();
    const claim = updateClaimer(db.withPlugin(reads), () => NOW);
    const [head, staf, stranger, again, noSender] = await Promise.all([claim(1, HEAD), claim(2, STAF), claim(3, 424242), claim(1, HEAD), claim(4)]);
    expect(head).toMatchObject({ mine: true, person: { name: 'Kepala Satu' } });
    expect(staf).toMatchObject({ mine: true, person: { name: 'Staf Satu' } });
    expect(stranger).toEqual({ mine: true, person: null });
    expect(again.mine).toBe(false);
    expect(noSender).toEqual({ mine: true, person: null });
    expect(reads.count).toBe(1);
    // Delivered again later (Telegram resends): not handled twice.
    expect((await claim(2, STAF)).mine).toBe(false);
  });

  it('claims nothing when the sender cannot be read, so the update is handled when it comes again', async () => {
    const reads = new PeopleReads();
    const claim = updateClaimer(db.withPlugin(reads), () => NOW);
    reads.fail = true;
    await expect(claim(7, HEAD)).rejects.toThrow('the database went away');
    reads.fail = false;
    expect(await claim(7, HEAD)).toMatchObject({ mine: true, person: { name: 'Kepala Satu' } });
  });
});
