import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time: never edit after it has shipped; add a new migration instead.
// Portable between SQLite and PostgreSQL: ids via identity/autoincrement,
// chat ids and timestamps as bigint (epoch milliseconds, UTC), flags as integer 0/1.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

function withId(db: Kysely<any>, table: string) {
  return db.schema.createTable(table).addColumn('id', isPostgres(db) ? 'bigserial' : 'integer', (c) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()));
}

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, 'opds')
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('cluster', 'text')
    .addColumn('chat_id', 'bigint', (c) => c.unique())
    .addColumn('chat_title', 'text')
    // none | linked | removed | unreachable
    .addColumn('chat_status', 'varchar(16)', (c) => c.notNull().defaultTo('none'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await withId(db, 'people')
    .addColumn('telegram_id', 'bigint', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('username', 'text')
    // admin | pimpinan | sekretariat | kepala | staf
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('opd_id', 'bigint', (c) => c.references('opds.id'))
    .addColumn('lang', 'varchar(8)', (c) => c.notNull().defaultTo('id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('people_opd_idx').on('people').columns(['opd_id', 'role']).execute();

  await withId(db, 'invitations')
    .addColumn('code', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('opd_id', 'bigint', (c) => c.notNull().references('opds.id'))
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.notNull())
    .addColumn('max_uses', 'integer', (c) => c.notNull())
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('number_sequences')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .execute();

  await withId(db, 'instructions')
    .addColumn('number', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('issuer_id', 'bigint', (c) => c.notNull().references('people.id'))
    // biasa | penting | segera
    .addColumn('priority', 'varchar(16)', (c) => c.notNull())
    .addColumn('ack_deadline', 'bigint', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    // open | closed | cancelled
    .addColumn('state', 'varchar(16)', (c) => c.notNull().defaultTo('open'))
    .addColumn('target_label', 'text', (c) => c.notNull())
    .addColumn('summary_chat_id', 'bigint')
    .addColumn('summary_message_id', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .execute();
  await db.schema.createIndex('instructions_created_idx').on('instructions').column('created_at').execute();

  await withId(db, 'assignments')
    .addColumn('instruction_id', 'bigint', (c) => c.notNull().references('instructions.id'))
    .addColumn('opd_id', 'bigint', (c) => c.notNull().references('opds.id'))
    // delivered state machine: pending | delivered | acknowledged (later: in_progress, reported, done, cancelled)
    .addColumn('state', 'varchar(16)', (c) => c.notNull().defaultTo('pending'))
    // queued | sending | sent | failed | no_chat
    .addColumn('delivery_state', 'varchar(16)', (c) => c.notNull().defaultTo('queued'))
    .addColumn('delivery_error', 'text')
    .addColumn('delivery_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('chat_id', 'bigint')
    .addColumn('message_id', 'bigint')
    .addColumn('delivered_at', 'bigint')
    .addColumn('acked_at', 'bigint')
    .addColumn('acked_by', 'bigint', (c) => c.references('people.id'))
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('reminder_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('escalation_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('assignments_instruction_opd_uq', ['instruction_id', 'opd_id'])
    .execute();
  await db.schema.createIndex('assignments_opd_state_idx').on('assignments').columns(['opd_id', 'state']).execute();
  await db.schema.createIndex('assignments_state_idx').on('assignments').columns(['state', 'instruction_id']).execute();
  await db.schema.createIndex('assignments_chat_msg_idx').on('assignments').columns(['chat_id', 'message_id']).execute();

  await withId(db, 'events')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'varchar(48)', (c) => c.notNull())
    .addColumn('instruction_id', 'bigint')
    .addColumn('assignment_id', 'bigint')
    .addColumn('opd_id', 'bigint')
    .addColumn('actor_telegram_id', 'bigint')
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('events_instruction_idx').on('events').columns(['instruction_id', 'at']).execute();
  await db.schema.createIndex('events_kind_idx').on('events').columns(['kind', 'at']).execute();

  // Conversation state of the guided /arahan flow, one per user, kept in the DB so a restart loses nothing.
  await db.schema
    .createTable('drafts')
    .addColumn('telegram_id', 'bigint', (c) => c.primaryKey())
    .addColumn('step', 'varchar(32)', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['drafts', 'events', 'assignments', 'instructions', 'number_sequences', 'invitations', 'people', 'opds']) {
    await db.schema.dropTable(t).execute();
  }
}
