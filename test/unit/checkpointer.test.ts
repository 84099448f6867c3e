import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer, type Checkpointer } from '../../src/infra/db/checkpointer';
import { createDatabase } from '../../src/infra/db/database';

/**
 * The WAL is checkpointed by a thread of its own (src/infra/db/checkpointer.ts), not inside the
 * commit that fills it, which froze the process for up to 12 ms (bench part 4b's tail).
 */
const dirs: string[] = [];
const open: Array<{ close(): unknown }> = [];
const threads: Checkpointer[] = [];
afterEach(async () => {
  for (const t of threads.splice(0)) await t.stop();
  for (const c of open.splice(0)) c.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function scratchFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'arahan-checkpoint-'));
  dirs.push(dir);
  return join(dir, 'a.db');
}

/** An app-like connection on `file`: WAL, no automatic checkpoint. */
function writer(file: string): SQLite.Database {
  const db = new SQLite(file);
  open.push(db);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('create table t (id integer primary key, body text)');
  return db;
}

/** About `pages` pages of the log, in transactions of a few rows as the app writes them. */
function fill(db: SQLite.Database, pages: number): void {
  const insert = db.prepare('insert into t (body) values (?)');
  const body = 'x'.repeat(3000);
  for (let i = 0; i < pages; i++) db.transaction(() => insert.run(body))();
}

describe('WAL checkpoints off the event loop', () => {
  it('the app connection leaves checkpoints to the thread, which copies the log back and lets it be reused', async () => {
    const file = scratchFile();
    const db = writer(file);
    const checkpoints: Array<{ log: number; checkpointed: number }> = [];
    let wake: (() => void) | null = null;
    const thread = startCheckpointer(file, () => undefined, {
      intervalMs: 50,
      onCheckpoint: (r) => {
        checkpoints.push(r);
        wake?.();
      },
    });
    threads.push(thread);
    const copied = (frames: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (checkpoints.some((r) => r.log >= frames && r.checkpointed === r.log)) resolve();
          else wake = check;
        };
        check();
      });

    fill(db, 1500);
    // Nothing checkpointed inside those commits: the log holds every frame (over SQLite's 1,000).
    const walAfterFirst = statSync(`${file}-wal`).size;
    expect(walAfterFirst).toBeGreaterThan(1000 * 4096);
    // Every frame now in the log (32-byte header, then each page with a 24-byte frame header).
    await copied((walAfterFirst - 32) / (4096 + 24));
    // Stopped, so that no checkpoint in progress holds the log when the next write begins.
    await thread.stop();

    // Copied back: the next writes start the log again from its beginning instead of growing it
    // (without the thread it would now be a third longer).
    fill(db, 500);
    expect(statSync(`${file}-wal`).size).toBeLessThanOrEqual(walAfterFirst);
    expect(db.prepare('select count(*) as n from t').get()).toEqual({ n: 2000 });
  });

  it('an app database runs the thread and stops it when destroyed; a one-shot command keeps SQLite’s own checkpoints', async () => {
    const file = scratchFile();
    const app = createDatabase(`file:${file}`, { checkpointThread: true });
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(app);
    expect(rows[0]!.wal_autocheckpoint).toBe(0);
    await app.destroy(); // resolves only once the thread has ended

    const cli = createDatabase(`file:${scratchFile()}`);
    const cliRows = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(cli);
    expect(cliRows.rows[0]!.wal_autocheckpoint).toBe(1000);
    await cli.destroy();
  });

  it('falls back to SQLite’s own checkpoints if the thread dies', async () => {
    const why: string[] = [];
    const died = new Promise<void>((resolve) =>
      threads.push(
        startCheckpointer(join(scratchFile(), 'missing', 'no.db'), (w) => {
          why.push(w);
          resolve();
        }),
      ),
    );
    await died;
    expect(why[0]).toMatch(/directory does not exist|unable to open|no such file/i);
  });
});
