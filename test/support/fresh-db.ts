import fs from 'node:fs';
import os from 'node:os';
import { afterEach, beforeEach } from 'vitest';
import { createDatabase, migrateToLatest, type Db } from '../../src/infra/db/database';
import { createTestDatabaseUrl, dropTestDatabase } from './db';

/** What freshDatabasePerTest gives each test: the database, its URL and a temp dir of its own. */
export interface FreshDatabase {
  readonly db: Db;
  readonly url: string;
  readonly dir: string;
}

/**
 * A migrated database of its own for every test of the calling file (a SQLite file, or a
 * PostgreSQL schema with TEST_DB=postgres: see ./db.ts), removed with its temp dir after the
 * test. Read the fields inside a test or a hook, not at the file's top level.
 */
export function freshDatabasePerTest(): FreshDatabase {
  const state = {} as { db: Db; url: string; dir: string };
  beforeEach(async () => {
    state.dir = fs.mkdtempSync(`${os.tmpdir()}/arahan-`);
    state.url = await createTestDatabaseUrl(state.dir);
    state.db = createDatabase(state.url);
    await migrateToLatest(state.db);
  });
  afterEach(async () => {
    await state.db.destroy();
    await dropTestDatabase(state.url);
    fs.rmSync(state.dir, { recursive: true, force: true });
  });
  return state;
}
