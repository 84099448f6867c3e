import { existsSync } from 'node:fs';
import { createDatabase, migrateToLatest } from '../infra/db/database';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (BOT_TOKEN not needed). */
if (existsSync('.env')) process.loadEnvFile('.env');
const url = process.env.DATABASE_URL || 'file:./data/arahan.db';
const db = createDatabase(url);
try {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
} finally {
  await db.destroy();
}
