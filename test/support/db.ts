import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Where a test's database lives. SQLite always (a file in the test's temp dir); with
 * TEST_DB=postgres, a fresh schema in TEST_POSTGRES_URL's database, selected through the
 * connection string's search_path so every process (bot, CLI, child workers) sees it.
 */
export const usePostgres = process.env.TEST_DB === 'postgres';

export async function createTestDatabaseUrl(dir: string): Promise<string> {
  if (!usePostgres) return `file:${join(dir, 'arahan.db')}`;
  const base = process.env.TEST_POSTGRES_URL;
  if (!base) throw new Error('TEST_DB=postgres needs TEST_POSTGRES_URL');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`create schema ${schema}`);
  } finally {
    await client.end();
  }
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

export async function dropTestDatabase(url: string): Promise<void> {
  if (!url.startsWith('postgres')) return;
  const parsed = new URL(url);
  const schema = /search_path=(\w+)/.exec(parsed.searchParams.get('options') ?? '')?.[1];
  if (!schema) return;
  parsed.searchParams.delete('options');
  const client = new pg.Client({ connectionString: parsed.toString() });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}
