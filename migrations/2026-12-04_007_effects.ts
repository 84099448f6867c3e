import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time. Issue #12, one durable core:
//
// - installation: one row, written by the first start on a new database. Its id scopes
//   every Redis key (queue prefix) so that a Redis left over from another database (a
//   deleted data/arahan.db, a restored backup, a second deployment) never holds jobs whose
//   ids collide with this one's.
// - effects: the jobs a state change causes (a delivery, a message, a summary or group
//   message refresh, timers to plan), written in the same transaction as the change. The
//   dispatcher (src/infra/queue/dispatcher.ts) adds them to BullMQ and deletes the rows; a
//   crash between the commit and the add leaves the row, found on the next pass.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('installation')
    // Always 1: one row, whichever of several processes starting at once inserts it first.
    .addColumn('slot', 'integer', (c) => c.primaryKey())
    .addColumn('id', 'varchar(40)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('effects')
    .addColumn('id', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('queue', 'varchar(20)', (c) => c.notNull())
    .addColumn('name', 'varchar(20)', (c) => c.notNull())
    // null: the job id is `effect-<row id>` (a job that may run once per row).
    .addColumn('job_id', 'varchar(120)')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer')
    // Epoch ms before which the job must not run (BullMQ delay, computed at dispatch).
    .addColumn('run_at', 'bigint')
    // 1: a finished job kept under the same id is removed first (a resend).
    .addColumn('replace', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('effects').execute();
  await db.schema.dropTable('installation').execute();
}
