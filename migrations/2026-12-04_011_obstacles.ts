import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time. Issue #16, "Obstacles (kendala): jangan didiamkan": an OPD reports an
// obstacle on an instruction; the issuer or the secretariat answers it, extends the OPD's
// due date, and marks it handled. It is reminded and escalated while nobody responds.
//
// - obstacles: one row per obstacle, the current state (every change is also an event).
//   state: open | handled. responded_at is the first answer (it stops the reminders);
//   reminded_at / escalated_at are the steps of its timer chain (claimed once each).

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('obstacles')
    .addColumn('id', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('assignment_id', 'bigint', (c) => c.notNull().references('assignments.id'))
    .addColumn('instruction_id', 'bigint', (c) => c.notNull().references('instructions.id'))
    .addColumn('opd_id', 'bigint', (c) => c.notNull().references('opds.id'))
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('people.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    // JSON Attachment[]
    .addColumn('attachments', 'text', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull().defaultTo('open'))
    .addColumn('response', 'text')
    .addColumn('responded_by', 'bigint')
    .addColumn('responded_at', 'bigint')
    .addColumn('reminded_at', 'bigint')
    .addColumn('escalated_at', 'bigint')
    // The one-tap extension given from the obstacle, once.
    .addColumn('extended_by', 'bigint')
    .addColumn('extended_at', 'bigint')
    .addColumn('handled_by', 'bigint')
    .addColumn('handled_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('obstacles_instruction_idx').on('obstacles').columns(['instruction_id', 'state']).execute();
  await db.schema.createIndex('obstacles_state_idx').on('obstacles').columns(['state', 'id']).execute();
  await db.schema.createIndex('obstacles_created_idx').on('obstacles').columns(['created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('obstacles').execute();
}
