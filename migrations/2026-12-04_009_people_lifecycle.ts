import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time. Issue #13, finding 7: people can be deactivated and invitations controlled.
//
// - people: who deactivated a person, when and why (the current state; every change is
//   also an event: person_deactivated / person_reactivated). `active` itself exists since 001.
// - invitations: a link can be revoked by an admin (revoked_at, revoked_by).
// - join_requests: opening a link whose role needs an admin's approval (a kepala link, by
//   default) creates a pending request; an admin approves or rejects it, once.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema.alterTable('people').addColumn('deactivated_at', 'bigint').execute();
  // Telegram id of the admin; null when done from the admin CLI.
  await db.schema.alterTable('people').addColumn('deactivated_by', 'bigint').execute();
  await db.schema.alterTable('people').addColumn('deactivation_reason', 'text').execute();

  await db.schema.alterTable('invitations').addColumn('revoked_at', 'bigint').execute();
  await db.schema.alterTable('invitations').addColumn('revoked_by', 'bigint').execute();

  await db.schema
    .createTable('join_requests')
    .addColumn('id', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('invitation_id', 'bigint', (c) => c.notNull().references('invitations.id'))
    .addColumn('opd_id', 'bigint', (c) => c.notNull().references('opds.id'))
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('telegram_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('username', 'text')
    // pending | approved | rejected
    .addColumn('state', 'varchar(16)', (c) => c.notNull().defaultTo('pending'))
    // Telegram id of the admin who decided.
    .addColumn('decided_by', 'bigint')
    .addColumn('decided_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // One request per person and link: opening the same link again finds it.
    .addUniqueConstraint('join_requests_invitation_person_uq', ['invitation_id', 'telegram_id'])
    .execute();
  await db.schema.createIndex('join_requests_state_idx').on('join_requests').columns(['state', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('join_requests').execute();
  for (const col of ['revoked_by', 'revoked_at']) await db.schema.alterTable('invitations').dropColumn(col).execute();
  for (const col of ['deactivation_reason', 'deactivated_by', 'deactivated_at']) await db.schema.alterTable('people').dropColumn(col).execute();
}
