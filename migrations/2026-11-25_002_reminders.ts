import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time. Reminders and escalation: per-assignment timer state, an outbox of
// notifications (the DB holds every message to send; Redis only the timers), acting heads
// (Plt/Plh) and organisation settings (quiet hours).

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const idType = pg ? 'bigserial' : 'integer';
  for (const col of ['last_reminder_at', 'sec_escalated_at', 'pim_escalated_at', 'fu_plan_from', 'last_overdue_at']) {
    await db.schema.alterTable('assignments').addColumn(col, 'bigint').execute();
  }
  // 0 nothing yet, 1 day-before reminder sent, 2 morning reminder sent, 3 due/overdue notice sent
  await db.schema
    .alterTable('assignments')
    .addColumn('fu_stage', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', idType, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('chat_id', 'bigint', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('assignment_id', 'bigint')
    .addColumn('opd_id', 'bigint')
    .addColumn('reply_to', 'bigint')
    // pending | sent | failed
    .addColumn('state', 'varchar(16)', (c) => c.notNull().defaultTo('pending'))
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('message_id', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  await db.schema.createIndex('outbox_state_idx').on('outbox').columns(['state', 'id']).execute();
  await db.schema.createIndex('outbox_assignment_idx').on('outbox').columns(['assignment_id', 'kind']).execute();

  await db.schema
    .createTable('acting_heads')
    .addColumn('id', idType, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('opd_id', 'bigint', (c) => c.notNull().references('opds.id'))
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('people.id'))
    // local dates YYYY-MM-DD, inclusive
    .addColumn('from_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('to_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('acting_heads_opd_idx').on('acting_heads').columns(['opd_id', 'to_date']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('settings').execute();
  await db.schema.dropTable('acting_heads').execute();
  await db.schema.dropTable('outbox').execute();
  for (const col of ['last_reminder_at', 'sec_escalated_at', 'pim_escalated_at', 'fu_plan_from', 'last_overdue_at', 'fu_stage']) {
    await db.schema.alterTable('assignments').dropColumn(col).execute();
  }
}
