import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';

/**
 * A consistent copy of the SQLite database while the bot keeps running: SQLite's online
 * backup API (better-sqlite3's db.backup) copies page by page and restarts when the
 * source changes underneath, so the copy is one committed state (WAL included).
 */
export async function backupSqlite(databaseUrl: string, target: string): Promise<{ pages: number }> {
  const source = databaseUrl.slice('file:'.length);
  if (!existsSync(source)) throw new Error(`database file ${source} does not exist`);
  if (existsSync(target)) throw new Error(`${target} already exists; choose a new file name`);
  mkdirSync(dirname(target), { recursive: true });
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const res = await db.backup(target);
    return { pages: res.totalPages };
  } finally {
    db.close();
  }
}
