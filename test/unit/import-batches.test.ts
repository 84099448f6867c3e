import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createDatabase, migrateToLatest, type Db } from '../../src/infra/db/database';
import { listEvents } from '../../src/infra/db/events';
import { IMPORT_BATCH_ROWS, importOpds, importPeople } from '../../src/features/organisation/import-org';

/**
 * Issue #13, finding 8: the admin CLI imported in one transaction, holding SQLite's one write
 * lock for the whole file while every write of the bot waited. It now writes in batches, and
 * a write of another connection (the bot's) gets in between two of them.
 */
let dir: string;
let cli: Db;
let bot: Db;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arahan-batches-'));
  const url = `file:${path.join(dir, 'arahan.db')}`;
  cli = createDatabase(url);
  await migrateToLatest(cli);
  bot = createDatabase(url);
});

afterEach(async () => {
  await cli.destroy();
  await bot.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('a big import is written in batches: another connection writes between two of them, and the import counts and records itself once', async () => {
  expect(await importOpds(cli, 'kode,nama,klaster\nDINKES,Dinas Kesehatan,\n', Date.now())).toMatchObject({ ok: true, created: 1 });
  const total = 2 * IMPORT_BATCH_ROWS + 100;
  const csv = ['telegram_id,nama,peran,kode_opd', ...Array.from({ length: total }, (_, i) => `${100_000 + i},Orang ${i},staf,DINKES`)].join('\n');

  let done = false;
  const imported = importPeople(cli, csv, Date.now()).finally(() => {
    done = true;
  });
  // The bot writes while the import runs, now and then as people press buttons; each write
  // notes how many people it saw.
  const seen: number[] = [];
  for (let i = 0; !done; i++) {
    await sleep(10);
    await bot.transaction().execute(async (trx) => {
      const { n } = await trx
        .selectFrom('people')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      seen.push(Number(n));
      await trx
        .insertInto('settings')
        .values({ key: 'bot-write', value: String(i), updated_at: Date.now() })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(i) }))
        .execute();
    });
  }
  expect(await imported).toMatchObject({ ok: true, created: total, updated: 0 });
  // Some write of the bot came after a batch and before the last: one transaction would have
  // shown it either none of the people or all of them.
  expect(seen.some((n) => n > 0 && n < total)).toBe(true);
  const events = await listEvents(cli, { kind: 'people_import' });
  expect(events).toHaveLength(1);
  expect(JSON.parse(events[0]!.data ?? 'null')).toEqual({ rows: total, created: total, updated: 0 });
});
