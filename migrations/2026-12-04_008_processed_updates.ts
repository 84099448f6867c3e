import type { Kysely } from 'kysely';

// Frozen in time. Issue #13: Telegram delivers an update again after any non-2xx answer or
// timeout, to whichever process answers. Each update is claimed here before it is handled,
// in any process; the same update_id again is skipped (src/infra/db/updates.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('processed_updates')
    .addColumn('update_id', 'bigint', (c) => c.primaryKey())
    .addColumn('claimed_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('processed_updates_claimed_idx').on('processed_updates').column('claimed_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('processed_updates').execute();
}
