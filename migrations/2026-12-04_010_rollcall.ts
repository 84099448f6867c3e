import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time. Issue #16, roll-call (apel): "HP aktif 24 jam".
//
// - people.on_call: an OPD member an admin marked as on call (piket, /piket ID on|off); such
//   people are called in a roll-call together with the OPD's heads and acting heads.
// - rollcalls: one roll-call (by a caller, or by the schedule when caller_id is null), its
//   deadline, its live tally message and the steps of its escalation chain (deadline_done_at
//   → sec_escalated_at → closed_at), which the timers are rebuilt from.
// - rollcall_entries: one called person each, with the moment they answered.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .alterTable('people')
    .addColumn('on_call', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('rollcalls')
    .addColumn('id', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    // people.id of the caller; null for a scheduled (surprise) roll-call.
    .addColumn('caller_id', 'bigint')
    .addColumn('scope_label', 'text', (c) => c.notNull())
    .addColumn('emergency', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('scheduled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('deadline_at', 'bigint', (c) => c.notNull())
    .addColumn('tally_chat_id', 'bigint')
    .addColumn('tally_message_id', 'bigint')
    // The escalation chain: the deadline step (heads told), the secretariat, then the caller (closes).
    .addColumn('deadline_done_at', 'bigint')
    .addColumn('sec_escalated_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .execute();
  await db.schema.createIndex('rollcalls_open_idx').on('rollcalls').columns(['closed_at', 'id']).execute();
  await db.schema.createIndex('rollcalls_started_idx').on('rollcalls').column('started_at').execute();

  await db.schema
    .createTable('rollcall_entries')
    .addColumn('id', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('rollcall_id', 'bigint', (c) => c.notNull().references('rollcalls.id'))
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('people.id'))
    .addColumn('opd_id', 'bigint', (c) => c.notNull().references('opds.id'))
    .addColumn('telegram_id', 'bigint', (c) => c.notNull())
    .addColumn('answered_at', 'bigint')
    .addUniqueConstraint('rollcall_entries_person_uq', ['rollcall_id', 'person_id'])
    .execute();
  await db.schema.createIndex('rollcall_entries_tg_idx').on('rollcall_entries').columns(['rollcall_id', 'telegram_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rollcall_entries').execute();
  await db.schema.dropTable('rollcalls').execute();
  await db.schema.alterTable('people').dropColumn('on_call').execute();
}
