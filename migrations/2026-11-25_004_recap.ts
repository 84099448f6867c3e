import type { Kysely } from 'kysely';

// Frozen in time. The secretariat's picture: indexes for recap/late/search queries over a
// million assignments, and the record that makes the weekly digest go out once per week.

export async function up(db: Kysely<any>): Promise<void> {
  // Recap per OPD over a period: assignments created in [from, to).
  await db.schema.createIndex('assignments_created_opd_idx').on('assignments').columns(['created_at', 'opd_id']).execute();
  // Late follow-ups now: open states past their due date.
  await db.schema.createIndex('assignments_state_due_idx').on('assignments').columns(['state', 'due_at']).execute();
  await db.schema.createIndex('instructions_state_idx').on('instructions').columns(['state', 'created_at']).execute();

  await db.schema
    .createTable('digest_deliveries')
    .addColumn('week_key', 'varchar(16)', (c) => c.notNull())
    .addColumn('chat_id', 'bigint', (c) => c.notNull())
    // pending | sent | failed
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addPrimaryKeyConstraint('digest_deliveries_pk', ['week_key', 'chat_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('digest_deliveries').execute();
  for (const i of ['assignments_created_opd_idx', 'assignments_state_due_idx', 'instructions_state_idx']) await db.schema.dropIndex(i).execute();
}
