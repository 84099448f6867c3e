import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time. Follow-up reports with evidence, their review, extension requests,
// delegation inside an OPD, and short conversations in private chats (report composition,
// a return reason, an extension request started from a button).

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  const idType = pg ? 'bigserial' : 'integer';

  await db.schema.alterTable('assignments').addColumn('delegate_id', 'bigint').execute();
  await db.schema.alterTable('assignments').addColumn('reported_at', 'bigint').execute();
  await db.schema.alterTable('assignments').addColumn('done_at', 'bigint').execute();
  // Outbox messages may carry a photo/document (JSON Attachment) and inline buttons (JSON markup).
  await db.schema.alterTable('outbox').addColumn('media', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('buttons', 'text').execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', idType, id)
    .addColumn('assignment_id', 'bigint', (c) => c.notNull().references('assignments.id'))
    .addColumn('instruction_id', 'bigint', (c) => c.notNull())
    .addColumn('opd_id', 'bigint', (c) => c.notNull())
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('people.id'))
    // progress | done
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    // JSON array of { kind: 'photo' | 'document', file_id, file_name? }
    .addColumn('attachments', 'text', (c) => c.notNull())
    // none (progress) | pending | accepted | returned
    .addColumn('review_state', 'varchar(16)', (c) => c.notNull().defaultTo('none'))
    .addColumn('review_reason', 'text')
    .addColumn('reviewed_by', 'bigint')
    .addColumn('reviewed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reports_instruction_idx').on('reports').columns(['instruction_id', 'opd_id', 'created_at']).execute();
  await db.schema.createIndex('reports_assignment_idx').on('reports').columns(['assignment_id', 'created_at']).execute();

  await db.schema
    .createTable('extension_requests')
    .addColumn('id', idType, id)
    .addColumn('assignment_id', 'bigint', (c) => c.notNull().references('assignments.id'))
    .addColumn('requested_by', 'bigint', (c) => c.notNull().references('people.id'))
    .addColumn('requested_due', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    // pending | approved | refused
    .addColumn('state', 'varchar(16)', (c) => c.notNull().defaultTo('pending'))
    .addColumn('decided_by', 'bigint')
    .addColumn('decided_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('extension_requests_assignment_idx').on('extension_requests').columns(['assignment_id', 'state']).execute();

  await db.schema
    .createTable('conversations')
    .addColumn('telegram_id', 'bigint', (c) => c.primaryKey())
    // report | return_reason | extension
    .addColumn('kind', 'varchar(24)', (c) => c.notNull())
    .addColumn('ref_id', 'bigint', (c) => c.notNull())
    .addColumn('step', 'varchar(24)', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('conversations').execute();
  await db.schema.dropTable('extension_requests').execute();
  await db.schema.dropTable('reports').execute();
  for (const col of ['delegate_id', 'reported_at', 'done_at']) await db.schema.alterTable('assignments').dropColumn(col).execute();
  for (const col of ['media', 'buttons']) await db.schema.alterTable('outbox').dropColumn(col).execute();
}
